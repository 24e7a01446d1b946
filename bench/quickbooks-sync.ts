import { pino } from 'pino';
import { createQuickBooksConnector } from '../connectors/quickbooks/index.js';
import { exchangeCode, authorizeUrl, type QuickBooksConfig } from '../connectors/quickbooks/oauth.js';
import { createPacer } from '../connectors/quickbooks/pacer.js';
import { saveTokens } from '../connectors/tokens.js';
import { startSandbox } from '../sandbox/server.js';
import type { Db } from '../server/db/connect.js';

export interface QuickBooksSyncMeasurement {
  invoices: number;
  fullSyncMs: number;
  invoicesPerSecond: number;
  fullSyncApiCalls: number;
  /** Steady state: 24 hourly syncs (one CDC each) plus the daily reconciliation of open invoices. */
  apiCallsPerBookDay: number;
  hourlySyncMs: number;
}

const REALM = '9341455130188547';

/**
 * Connects a sandbox company of `invoices` invoices through the real OAuth flow, times its first full sync, then
 * replays a day of hourly syncs (one invoice paid in the sandbox each hour) and counts the API calls. The rows go
 * into a throwaway workspace in `db`, deleted at the end. Numbers are reported, never asserted.
 */
export async function measureQuickBooksSync(
  db: Db,
  encryptionKey: Buffer,
  invoices = 5000,
): Promise<QuickBooksSyncMeasurement> {
  const sandbox = await startSandbox({ seed: invoices * 2 });
  const apps = sandbox.world.apps.quickbooks;
  const config: QuickBooksConfig = {
    clientId: apps.clientId,
    clientSecret: apps.clientSecret,
    environment: 'sandbox',
    webhookVerifier: apps.webhookVerifier,
    redirectUri: 'http://127.0.0.1/connect/quickbooks/callback',
    apiUrl: `${sandbox.url}/quickbooks`,
    authorizeUrl: `${sandbox.url}/intuit/connect/oauth2`,
    tokenUrl: `${sandbox.url}/intuit/oauth2/v1/tokens/bearer`,
    revokeUrl: `${sandbox.url}/intuit/oauth2/v1/tokens/revoke`,
    userinfoUrl: `${sandbox.url}/intuit/v1/openid_connect/userinfo`,
    jwksUrl: `${sandbox.url}/intuit/oauth2/v1/keys`,
  };
  let clock = new Date();
  const deps = { db, log: pino({ level: 'silent' }), encryptionKey, now: () => clock };
  const workspace = await db
    .insertInto('workspace')
    .values({ name: 'bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  try {
    const callback = await consent(authorizeUrl(config, 'bench-state'), REALM);
    const exchanged = await exchangeCode(config, new URL(callback).search.slice(1), clock);
    const connection = await db
      .insertInto('connection')
      .values({ workspace_id: workspace.id, provider: 'quickbooks' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await saveTokens(deps, connection.id, exchanged.tokens);
    const org = await db
      .insertInto('organisation')
      .values({
        workspace_id: workspace.id,
        connection_id: connection.id,
        provider: 'quickbooks',
        external_id: REALM,
        name: 'Bench',
        base_currency: 'USD',
        time_zone: 'America/Chicago',
        country: 'US',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const connector = createQuickBooksConnector(deps, config, { pacer: createPacer() });

    const started = performance.now();
    const full = await connector.syncOrganisation(org.id, { now: clock });
    const fullSyncMs = performance.now() - started;

    const company = sandbox.world.company(REALM)!;
    const open = company.invoices.filter((i) => i.status === 'open');
    const { payInvoice } = await import('../sandbox/books/mutate.js');
    let dayCalls = 0;
    let hourlyMs = 0;
    for (let hour = 1; hour <= 24; hour += 1) {
      const invoice = open[hour];
      if (invoice) payInvoice(sandbox.world, company, invoice.id);
      clock = new Date(clock.getTime() + 3_600_000);
      const t0 = performance.now();
      dayCalls += (await connector.syncOrganisation(org.id, { now: clock })).apiCalls;
      hourlyMs += performance.now() - t0;
    }
    return {
      invoices: company.invoices.length,
      fullSyncMs: Math.round(fullSyncMs),
      invoicesPerSecond: Math.round((full.counts['invoices'] ?? 0) / (fullSyncMs / 1000)),
      fullSyncApiCalls: full.apiCalls,
      apiCallsPerBookDay: dayCalls,
      hourlySyncMs: Math.round(hourlyMs / 24),
    };
  } finally {
    await db.deleteFrom('workspace').where('id', '=', workspace.id).execute();
    await sandbox.close();
  }
}

/** Plays the user on the sandbox consent page; returns the callback URL with the code. */
async function consent(authorizeUri: string, realmId: string): Promise<string> {
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
  return res.headers.get('location')!;
}
