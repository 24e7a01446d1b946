import type { AuthorizeRequest } from './authorize-request.js';

export interface TenantChoice {
  id: string;
  name: string;
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Xero's "Allow access" page: the user ticks the organisations to connect. The form posts every original
 * parameter back, so the POST handler re-validates exactly what the app asked for.
 */
export function consentPage(
  action: string,
  params: Record<string, string>,
  request: AuthorizeRequest,
  tenants: TenantChoice[],
  message: string | null,
): string {
  const hidden = Object.entries(params)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('\n      ');
  const boxes = tenants
    .map(
      (t, i) =>
        `<label><input type="checkbox" name="tenant" value="${escape(t.id)}"${i === 0 ? ' checked' : ''}> ${escape(t.name)}</label>`,
    )
    .join('<br>\n      ');
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Xero (sandbox) — Allow access</title>
  <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto}label{line-height:2}
  .error{color:#b00020}code{background:#eee;padding:0 .2rem}</style></head>
  <body>
    <h1>Allow access to your Xero organisations</h1>
    <p>An app (<code>${escape(request.clientId)}</code>) is asking for: <code>${escape(request.scopes.join(' '))}</code></p>
    ${message ? `<p class="error" role="alert">${escape(message)}</p>` : ''}
    <form method="post" action="${escape(action)}">
      ${hidden}
      <fieldset><legend>Organisations</legend>
      ${boxes || '<p>No Xero organisations in this sandbox.</p>'}
      </fieldset>
      <p><button type="submit" name="decision" value="allow">Allow access</button>
      <button type="submit" name="decision" value="deny">Cancel</button></p>
    </form>
  </body>
</html>`;
}

export function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Xero (sandbox) — Error</title></head>
<body><h1>Sorry, something went wrong</h1><p>Error: <code>${escape(message)}</code></p></body></html>`;
}
