import { saveSettings } from '../cadence/run/index.js';
import { defaultCadenceSettings } from '../cadence/settings/index.js';
import { SANDBOX_TWILIO_FROM } from '../sandbox/server.js';
import { ensureDemoUser } from './auth/users.js';
import type { Runtime } from './runtime.js';

/**
 * The demo connects its own books: as the demo user, through the app's real Connect flows, it consents in the
 * sandbox to every demo company (each QuickBooks company, and all Xero organisations in one consent), so a fresh
 * `npm start` shows synced books and a running cadence. It goes through HTTP like a browser would, so the demo
 * exercises exactly the code a real user does. Run at every start: the sandbox is new each time, and so are its
 * tokens.
 */
export async function connectDemoBooks(runtime: Runtime, appUrl: string): Promise<void> {
  const browser = new CookieJarClient();
  const signIn = await browser.fetch(`${appUrl}/signin`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await signIn.text())?.[1];
  if (!csrf) throw new Error('demo: no CSRF token on the sign-in page');
  await browser.fetch(`${appUrl}/demo`, { method: 'POST', body: new URLSearchParams({ _csrf: csrf }) });

  const realms = [...(runtime.sandbox?.world.companies.values() ?? [])].filter(
    (c) => c.provider === 'quickbooks',
  );
  for (const realm of realms) await consent(browser, `${appUrl}/connect/quickbooks`, [realm.id]);
  await consent(browser, `${appUrl}/connect/xero`, null);
  await applyDemoSettings(runtime);
}

/** Follows the Connect redirect to the sandbox's consent page, picks the companies, and returns to the app. */
async function consent(browser: CookieJarClient, start: string, pick: string[] | null): Promise<void> {
  const toConsent = await browser.fetch(start);
  const consentUrl = toConsent.headers.get('location');
  if (!consentUrl) throw new Error(`demo: ${start} did not redirect to a consent page (${toConsent.status})`);
  const page = await browser.fetch(consentUrl);
  const html = await page.text();
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.append(decodeHtml(name!), decodeHtml(value!));
  }
  for (const [, type, name, value] of html.matchAll(
    /<input type="(radio|checkbox)" name="([^"]+)" value="([^"]+)"/g,
  )) {
    const chosen = pick ? pick.includes(decodeHtml(value!)) : true;
    if (chosen && !(type === 'radio' && form.has(name!))) form.append(name!, decodeHtml(value!));
  }
  form.set('decision', 'allow');
  const action = /<form method="post" action="([^"]*)"/.exec(html)?.[1] ?? '';
  const decided = await browser.fetch(new URL(decodeHtml(action), consentUrl).toString(), {
    method: 'POST',
    body: form,
  });
  const callback = decided.headers.get('location');
  if (!callback) throw new Error(`demo: the sandbox consent did not redirect back (${decided.status})`);
  const done = await browser.fetch(callback);
  if (done.status >= 400)
    throw new Error(`demo: the connect callback failed (${done.status}): ${await done.text()}`);
}

/**
 * The demo's cadence runs on autopilot with the sandbox's Twilio number, and brings in the books' existing
 * overdue invoices (the backlog), so every step of the 7-day rule can be seen at once.
 */
export async function applyDemoSettings(runtime: Runtime): Promise<void> {
  const demo = await ensureDemoUser(runtime.db);
  const organisations = await runtime.db
    .selectFrom('organisation')
    .leftJoin('organisation_settings', 'organisation_settings.organisation_id', 'organisation.id')
    .select(['organisation.id', 'organisation.name', 'organisation.time_zone', 'organisation.country'])
    .where('organisation.workspace_id', '=', demo.workspaceId)
    .where('organisation_settings.organisation_id', 'is', null)
    .execute();
  for (const org of organisations) {
    const settings = {
      ...defaultCadenceSettings({
        timeZone: org.time_zone,
        country: org.country ?? '',
        senderName: org.name,
        smsFrom: SANDBOX_TWILIO_FROM,
        callerNumber: SANDBOX_TWILIO_FROM,
      }),
      backlogPolicy: 'include_backlog' as const,
      autopilot: true,
    };
    await saveSettings(runtime.db, org.id, settings, demo.userId, runtime.now());
  }
}

function decodeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Just enough of a browser: remembers cookies per host and never follows redirects. */
class CookieJarClient {
  private readonly cookies = new Map<string, Map<string, string>>();

  async fetch(url: string, init: { method?: string; body?: URLSearchParams } = {}): Promise<Response> {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    this.cookies.set(host, jar);
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        accept: 'text/html',
        ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.body ? { body: init.body.toString() } : {}),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) jar.set(name.trim(), value.join('='));
    }
    return response;
  }
}
