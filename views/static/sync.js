// Polls the sync progress while a sync runs; without JavaScript the "Refresh" link does the same.
(function () {
  const box = document.getElementById('sync-progress');
  if (!box) return;
  const status = document.getElementById('sync-status');
  const bar = document.getElementById('sync-bar');
  async function poll() {
    const response = await fetch(box.dataset.url, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (!response.ok) return;
    const { sync } = await response.json();
    if (!sync) return setTimeout(poll, 1000);
    status.textContent = sync.label;
    status.className = 'sync sync-' + sync.status;
    if (sync.running) {
      bar.removeAttribute('value');
      setTimeout(poll, 1000);
    } else {
      bar.setAttribute('max', '100');
      bar.setAttribute('value', '100');
      box.dataset.done = sync.status;
    }
  }
  poll().catch(() => undefined);
})();
