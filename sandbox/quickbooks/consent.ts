/**
 * Plays the user on the QuickBooks sandbox's consent page: reads the page the authorize URL serves, picks
 * `realmId`, allows, and returns the callback URL (with `code`, `state`, `realmId`) Intuit would redirect to.
 * For tests and the benchmark, which drive the real connect flow without a browser.
 */
export async function approveQuickBooksConsent(authorizeUri: string, realmId: string): Promise<string> {
  const html = await (await fetch(authorizeUri)).text();
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(
      match[1]!,
      match[2]!
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'"),
    );
  }
  form.set('realmId', realmId);
  form.set('decision', 'allow');
  const res = await fetch(authorizeUri.split('?')[0]!, { method: 'POST', body: form, redirect: 'manual' });
  const location = res.headers.get('location');
  if (!location) throw new Error(`QuickBooks sandbox consent answered ${res.status}`);
  return location;
}
