import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import type { XeroConfig } from '../connectors/xero/client.js';
import { createXeroConnector } from '../connectors/xero/index.js';
import { createXeroLimiter } from '../connectors/xero/limits.js';
import { completeXeroConsent, xeroConsentUrl } from '../connectors/xero/oauth.js';
import { generateCompany } from '../sandbox/books/generate.js';
import { payInvoice } from '../sandbox/books/mutate.js';
import { startXeroSandbox } from '../sandbox/xero/testing/server.js';
import { testWorld, XERO_APP } from '../sandbox/xero/testing/world.js';
import { consent, REDIRECT_URI } from '../sandbox/xero/testing/xero-client.js';
import type { Db } from '../server/db/connect.js';

export interface XeroSyncMeasurement {
  invoices: number;
  fullSyncMs: number;
  invoicesPerSecond: number;
  fullSyncApiCalls: number;
  /** Steady state: 24 hourly incremental syncs (one invoice paid each hour) plus one reconciliation of open invoices. */
  apiCallsPerOrganisationDay: number;
  hourlySyncMs: number;
}

const TENANT = '0b7c2d4e-6f81-4a93-b5c7-d9e1f3a5b7c9';

/**
 * Connects a generated Xero organisation of `invoices` invoices through the sandbox's consent, times its first full
 * sync (pageSize 1000), then replays a day of hourly syncs and the daily reconciliation, counting API calls.
 * The sandbox's own limits are lifted and the connector's pacing runs on a clock that does not wait: this measures
 * our work and our call count, not Xero's throttle. Rows go into a throwaway workspace, deleted at the end.
 * Numbers are reported, never asserted.
 */
export async function measureXeroSync(
  db: Db,
  encryptionKey: Buffer,
  invoices = 5000,
): Promise<XeroSyncMeasurement> {
  const asOf = new Date().toISOString().slice(0, 10);
  const company = generateCompany({
    id: TENANT,
    provider: 'xero',
    name: 'Bench Joinery Ltd',
    country: 'NZ',
    currency: 'NZD',
    timeZone: 'Pacific/Auckland',
    seed: 42,
    invoices,
    asOf,
  });
  const world = testWorld([company]);
  const sandbox = await startXeroSandbox(world, {
    limits: { perMinute: 1_000_000, perDay: 1_000_000, concurrent: 5, appPerMinute: 1_000_000 },
  });
  const config: XeroConfig = {
    clientId: XERO_APP.clientId,
    clientSecret: XERO_APP.clientSecret,
    webhookKey: XERO_APP.webhookKey,
    redirectUri: REDIRECT_URI,
    identityUrl: sandbox.issuer,
    apiUrl: sandbox.apiBase,
  };
  let virtual = 0;
  const limiter = createXeroLimiter({
    now: () => virtual,
    sleep: (ms) => {
      virtual += ms;
      return Promise.resolve();
    },
  });
  let clock = new Date();
  const deps = { db, log: pino({ level: 'silent' }), encryptionKey, now: () => clock };
  const connector = createXeroConnector(deps, config, { limiter });
  const workspace = await db
    .insertInto('workspace')
    .values({ name: 'bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  try {
    const state = randomBytes(12).toString('base64url');
    const callbackUrl = await consent(await xeroConsentUrl(config, state), [TENANT]);
    const { organisations } = await completeXeroConsent(deps, config, connector.runtime, {
      callbackUrl,
      state,
      workspaceId: workspace.id,
    });
    const orgId = organisations[0]!.id;

    const started = performance.now();
    const full = await connector.syncOrganisation(orgId, { kind: 'full', now: clock });
    const fullSyncMs = performance.now() - started;

    const open = company.invoices.filter((i) => i.status === 'open');
    let dayCalls = 0;
    let hourlyMs = 0;
    for (let hour = 1; hour <= 24; hour += 1) {
      const invoice = open[hour];
      if (invoice) payInvoice(world, company, invoice.id);
      clock = new Date(clock.getTime() + 3_600_000);
      const t0 = performance.now();
      dayCalls += (await connector.syncOrganisation(orgId, { kind: 'incremental', now: clock })).apiCalls;
      hourlyMs += performance.now() - t0;
    }
    dayCalls += (await connector.syncOrganisation(orgId, { kind: 'reconcile', now: clock })).apiCalls;
    return {
      invoices: company.invoices.length,
      fullSyncMs: Math.round(fullSyncMs),
      invoicesPerSecond: Math.round((full.counts.invoices ?? 0) / (fullSyncMs / 1000)),
      fullSyncApiCalls: full.apiCalls,
      apiCallsPerOrganisationDay: dayCalls,
      hourlySyncMs: Math.round(hourlyMs / 24),
    };
  } finally {
    await db.deleteFrom('workspace').where('id', '=', workspace.id).execute();
    await sandbox.close();
  }
}
