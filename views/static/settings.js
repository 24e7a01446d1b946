// Live preview for the settings page: when a step's tone or channels change, ask the server to render the
// previews for the form as typed and swap them in. Without JavaScript the "Preview" button does the same.
(function () {
  const form = document.getElementById('settings-form');
  if (!form) return;
  let pending = null;
  async function refresh() {
    const body = new URLSearchParams(new FormData(form));
    const response = await fetch(form.dataset.previewUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      credentials: 'same-origin',
    });
    if (!response.ok) return;
    const html = await response.text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    for (const fresh of doc.querySelectorAll('.step-preview')) {
      const current = document.getElementById(fresh.id);
      if (current) current.replaceWith(fresh);
    }
    form.dataset.previewed = String(Number(form.dataset.previewed || '0') + 1);
  }
  form.addEventListener('change', (event) => {
    const name = event.target && event.target.name ? event.target.name : '';
    if (!/^steps\.\d+\.(tone|channels)$/.test(name) && name !== 'senderName' && name !== 'replyTo') return;
    clearTimeout(pending);
    pending = setTimeout(() => {
      refresh().catch(() => undefined);
    }, 150);
  });
})();
