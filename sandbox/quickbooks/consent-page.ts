import type { Company } from '../books/types.js';

export interface AuthorizeParams {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  scope: string;
  state: string;
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/** Intuit's consent screen, reduced to its decision: which company to connect, or cancel. */
export function renderConsentPage(params: AuthorizeParams, companies: Company[], appName: string): string {
  const hidden = (Object.keys(params) as (keyof AuthorizeParams)[])
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params[name])}">`)
    .join('\n      ');
  const choices = companies
    .map(
      (company, i) =>
        `<label><input type="radio" name="realmId" value="${escapeHtml(company.id)}"${i === 0 ? ' checked' : ''}> ` +
        `${escapeHtml(company.name)} <small>(${escapeHtml(company.country)}, ${escapeHtml(company.currency)})</small></label>`,
    )
    .join('<br>\n      ');
  const body =
    companies.length === 0
      ? '<p>No QuickBooks company is set up in this sandbox.</p>'
      : `<p>Choose the company to connect:</p>\n      ${choices}`;
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Intuit (sandbox) – Connect ${escapeHtml(appName)}</title></head>
  <body>
    <h1>Connect ${escapeHtml(appName)} to QuickBooks</h1>
    <p>${escapeHtml(appName)} wants to read and change your QuickBooks data (${escapeHtml(params.scope)}).</p>
    <form method="post" action="">
      ${hidden}
      ${body}
      <p>
        <button type="submit" name="decision" value="allow"${companies.length === 0 ? ' disabled' : ''}>Connect</button>
        <button type="submit" name="decision" value="deny">Cancel</button>
      </p>
    </form>
  </body>
</html>`;
}

export function renderOAuthErrorPage(message: string): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Intuit (sandbox) – Error</title></head>
  <body><h1>Something went wrong</h1><p>${escapeHtml(message)}</p></body>
</html>`;
}
