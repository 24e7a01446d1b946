import { sql } from 'kysely';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payInvoice } from '../../sandbox/books/mutate.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { useTestDatabase } from '../../test/db.js';
import { buildWorkspace, TEST_ENCRYPTION_KEY } from '../../test/factories.js';
import { silentLog } from '../../test/fixtures/quickbooks/harness.js';
import type { ConnectorDeps } from '../deps.js';
import { createQuickBooksConnector, type QuickBooksConnector } from './index.js';
import type { QuickBooksConfig } from './oauth.js';
import { createPacer } from './pacer.js';
import { quickBooksRoutes } from './routes.js';
import { quickBooksWebhook } from './webhooks.js';
import { approveQuickBooksConsent } from '../../sandbox/quickbooks/consent.js';

/**
 * End to end through the sandbox's Intuit and Accounting API, with the real intuit-oauth and connector code:
 * connect a company of 5,000 invoices, sync it, pay invoices in the sandbox, and see them leave the overdue list
 * via the webhook and at the next sync.
 */
const t = useTestDatabase();
const REALM = '9341455130188547';
let sandbox: RunningSandbox;
let app: { url: string; close: () => void };
let deps: ConnectorDeps;
let config: QuickBooksConfig;
let connector: QuickBooksConnector;
let webhook: ReturnType<typeof quickBooksWebhook>;
let cookie = '';
let workspaceId = '';

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 10_000 });
  deps = { db: t.db, log: silentLog, encryptionKey: TEST_ENCRYPTION_KEY, now: () => new Date() };
  const server = express();
  const listening = server.listen(0, '127.0.0.1');
  await new Promise((resolve) => listening.once('listening', resolve));
  const appUrl = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  app = { url: appUrl, close: () => listening.close() };
  const apps = sandbox.world.apps.quickbooks;
  config = {
    clientId: apps.clientId,
    clientSecret: apps.clientSecret,
    environment: 'sandbox',
    webhookVerifier: apps.webhookVerifier,
    redirectUri: `${appUrl}/connect/quickbooks/callback`,
    apiUrl: `${sandbox.url}/quickbooks`,
    authorizeUrl: `${sandbox.url}/intuit/connect/oauth2`,
    tokenUrl: `${sandbox.url}/intuit/oauth2/v1/tokens/bearer`,
    revokeUrl: `${sandbox.url}/intuit/oauth2/v1/tokens/revoke`,
    userinfoUrl: `${sandbox.url}/intuit/v1/openid_connect/userinfo`,
    jwksUrl: `${sandbox.url}/intuit/oauth2/v1/keys`,
  };
  sandbox.world.apps.quickbooks.webhookUrl = `${appUrl}/webhooks/quickbooks`;
  connector = createQuickBooksConnector(deps, config, { pacer: createPacer() });
  webhook = quickBooksWebhook(deps, config.webhookVerifier, connector);
  workspaceId = (await buildWorkspace(t.db)).id;

  server.use(
    session({ secret: 'test-secret-test-secret-test-secret', resave: false, saveUninitialized: false }),
  );
  server.get('/test/signin', (req, res) => {
    req.session.userId = 'user-1';
    req.session.workspaceId = workspaceId;
    res.send('ok');
  });
  server.use('/webhooks', express.raw({ type: '*/*', limit: '1mb' }));
  server.post('/webhooks/quickbooks', webhook.handler);
  server.use(quickBooksRoutes(deps, config, connector));
}, 120_000);

afterAll(async () => {
  app?.close();
  await webhook?.drain();
  await sandbox?.close();
});

async function get(path: string) {
  return fetch(path.startsWith('http') ? path : `${app.url}${path}`, {
    headers: { cookie },
    redirect: 'manual',
  });
}

const overdue = async (orgId: string) =>
  (
    await t.db
      .selectFrom('invoice')
      .select(['external_id'])
      .where('organisation_id', '=', orgId)
      .where('status', '=', 'open')
      .where('due_date', '<', new Date().toISOString().slice(0, 10))
      .execute()
  ).map((r) => r.external_id);

async function until<T>(probe: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i += 1) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('QuickBooks through the sandbox', () => {
  let organisationId = '';

  it('refuses a callback with a forged state without exchanging anything', async () => {
    const signin = await fetch(`${app.url}/test/signin`);
    cookie = signin.headers.get('set-cookie')!.split(';')[0]!;
    await get('/connect/quickbooks');
    const res = await get('/connect/quickbooks/callback?code=abc&state=forged&realmId=' + REALM);
    expect(res.status).toBe(400);
    expect(await t.db.selectFrom('organisation').selectAll().execute()).toEqual([]);
  });

  it('connects: state checked, code exchanged once, company recorded with its currency, country and time zone', async () => {
    const start = await get('/connect/quickbooks');
    expect(start.status).toBe(302);
    const authorizeUri = start.headers.get('location')!;
    expect(authorizeUri).toContain(`${sandbox.url}/intuit/connect/oauth2`);
    expect(new URL(authorizeUri).searchParams.get('scope')).toBe(
      'com.intuit.quickbooks.accounting openid email profile',
    );
    const callback = await approveQuickBooksConsent(authorizeUri, REALM);
    const done = await get(callback);
    expect(done.status).toBe(302);
    organisationId = /\/orgs\/([0-9a-f-]+)/.exec(done.headers.get('location')!)![1]!;
    const org = await t.db
      .selectFrom('organisation')
      .selectAll()
      .where('id', '=', organisationId)
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({
      external_id: REALM,
      name: 'Generated Books Inc.',
      base_currency: 'USD',
      country: 'US',
      time_zone: 'America/Chicago',
      status: 'active',
    });
    // The same callback again (a reload) is not exchanged a second time: the grant stays usable.
    const again = await get(callback);
    expect(again.status).toBe(400);
    const connection = await t.db.selectFrom('connection').selectAll().executeTakeFirstOrThrow();
    expect(connection.status).toBe('active');
  });

  it('syncs 5,000 invoices, then a payment leaves the overdue list via the webhook and at the next sync', async () => {
    const full = await connector.syncOrganisation(organisationId, { now: new Date() });
    expect(full).toMatchObject({ kind: 'full', status: 'succeeded' });
    const count = await t.db
      .selectFrom('invoice')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow();
    const company = sandbox.world.company(REALM)!;
    expect(company.invoices).toHaveLength(5000);
    // Deleted invoices are not returned by queries: the live ones are all stored.
    expect(Number(count.n)).toBe(company.invoices.filter((i) => i.status !== 'deleted').length);
    const before = await overdue(organisationId);
    expect(before.length).toBeGreaterThan(2);

    payInvoice(sandbox.world, company, before[0]!);
    await until(
      () =>
        t.db
          .selectFrom('sync_run')
          .select('id')
          .where('organisation_id', '=', organisationId)
          .where('kind', '=', 'webhook')
          .where('status', '=', 'succeeded')
          .executeTakeFirst(),
      'the webhook-triggered sync',
    );
    await webhook.drain();
    expect(await overdue(organisationId)).not.toContain(before[0]);

    sandbox.world.apps.quickbooks.webhookUrl = null;
    payInvoice(sandbox.world, company, before[1]!);
    expect(await overdue(organisationId)).toContain(before[1]);
    const next = await connector.syncOrganisation(organisationId, { now: new Date(), kind: 'incremental' });
    expect(next).toMatchObject({ kind: 'incremental', status: 'succeeded', apiCalls: 1 });
    expect(await overdue(organisationId)).not.toContain(before[1]);
  });

  it('writes an Attachable note once per idempotency key, and re-reads one invoice before sending', async () => {
    const [id] = await overdue(organisationId);
    const first = await connector.addInvoiceNote(
      organisationId,
      id!,
      'Reminder 1 sent by email 🙂',
      'note-key-1',
    );
    const second = await connector.addInvoiceNote(
      organisationId,
      id!,
      'Reminder 1 sent by email 🙂',
      'note-key-1',
    );
    expect(first.externalId).toBeTruthy();
    expect(second.externalId).toBe(first.externalId);
    const notes = sandbox.world.received.notes.filter((n) => JSON.stringify(n).includes(id!));
    expect(notes).toHaveLength(1);
    expect(JSON.stringify(notes[0])).not.toContain('🙂');
    expect(await connector.fetchInvoiceState(organisationId, id!)).toMatchObject({
      status: 'open',
      currency: 'USD',
    });
  });

  it('disconnect revokes at Intuit, forgets the tokens and keeps the history', async () => {
    const form = await fetch(`${app.url}/connect/quickbooks/${organisationId}/disconnect`, {
      method: 'POST',
      headers: { cookie },
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    const connection = await t.db.selectFrom('connection').selectAll().executeTakeFirstOrThrow();
    expect(connection).toMatchObject({
      status: 'disconnected',
      access_token_enc: null,
      refresh_token_enc: null,
    });
    const org = await t.db
      .selectFrom('organisation')
      .selectAll()
      .where('id', '=', organisationId)
      .executeTakeFirstOrThrow();
    expect(org.status).toBe('disconnected');
    expect((await overdue(organisationId)).length).toBeGreaterThan(0);
  });
  it("reconnects through the App Store's reconnect URL into the same organisation, history kept, active again", async () => {
    const invoicesBefore = await t.db
      .selectFrom('invoice')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow();
    for (const path of ['/quickbooks/launch', '/quickbooks/connect']) {
      const started = await get(path);
      expect([path, started.status]).toEqual([path, 302]);
      expect(started.headers.get('location')).toContain(`${sandbox.url}/intuit/connect/oauth2`);
    }
    const start = await get('/quickbooks/reconnect');
    const callback = await approveQuickBooksConsent(start.headers.get('location')!, REALM);
    const done = await get(callback);
    expect(done.headers.get('location')).toContain(`/orgs/${organisationId}`);
    const organisations = await t.db.selectFrom('organisation').select(['id', 'status']).execute();
    expect(organisations).toEqual([{ id: organisationId, status: 'active' }]);
    const invoicesAfter = await t.db
      .selectFrom('invoice')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow();
    expect(invoicesAfter.n).toBe(invoicesBefore.n);
    // Intuit sends the user to the disconnect URL after revoking on its side: a page that says what happens.
    const page = await get('/quickbooks/disconnect');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('its history is kept');
  });
});
