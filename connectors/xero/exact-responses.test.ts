import nock from 'nock';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../../test/db.js';
import { buildConnection, buildOrganisation, TEST_ENCRYPTION_KEY } from '../../test/factories.js';
import type { ConnectorDeps } from '../deps.js';
import { readTokens, saveTokens } from '../tokens.js';
import type { XeroConfig } from './client.js';
import { createXeroConnector } from './index.js';
import { createXeroLimiter } from './limits.js';
import { fakeClock } from './testing.js';

/**
 * Exact Xero responses (nock) where the order of answers is the point: a 401 TokenExpired, a minute 429 on
 * page 2, the If-Modified-Since header. The sandbox tests cover the same paths end to end.
 */
const t = useTestDatabase();
const IDENTITY = 'https://identity.xero.test';
const API = 'https://api.xero.test';
const config: XeroConfig = {
  clientId: 'client',
  clientSecret: 'secret',
  webhookKey: 'key',
  redirectUri: 'http://localhost:3000/connect/xero/callback',
  identityUrl: IDENTITY,
  apiUrl: API,
};
const TENANT = '3f1a7c2e-8b4d-4e6f-9a1b-2c3d4e5f6a70';
const INVOICE_ID = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const NOW = new Date('2026-12-03T10:00:00Z');

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function discovery() {
  nock(IDENTITY)
    .persist()
    .get('/.well-known/openid-configuration')
    .reply(200, {
      issuer: IDENTITY,
      authorization_endpoint: `${IDENTITY}/connect/authorize`,
      token_endpoint: `${IDENTITY}/connect/token`,
      revocation_endpoint: `${IDENTITY}/connect/revocation`,
      jwks_uri: `${IDENTITY}/.well-known/openid-configuration/jwks`,
    });
}

async function setUp(org: { watermark?: Date } = {}) {
  discovery();
  const clock = fakeClock();
  const deps: ConnectorDeps = {
    db: t.db,
    log: pino({ level: 'silent' }),
    encryptionKey: TEST_ENCRYPTION_KEY,
    now: () => NOW,
  };
  const connection = await buildConnection(t.db, { provider: 'xero' });
  await saveTokens(deps, connection.id, {
    accessToken: 'AT1',
    refreshToken: 'RT1',
    accessTokenExpiresAt: new Date(NOW.getTime() + 20 * 60_000),
    refreshTokenExpiresAt: null,
  });
  const organisation = await buildOrganisation(t.db, {
    workspaceId: connection.workspace_id,
    connectionId: connection.id,
    provider: 'xero',
    externalId: TENANT,
    timeZone: 'Pacific/Auckland',
    baseCurrency: 'NZD',
    country: 'NZ',
  });
  if (org.watermark) {
    await t.db
      .updateTable('organisation')
      .set({ sync_watermark: org.watermark, full_sync_completed_at: NOW, last_reconciled_at: NOW })
      .where('id', '=', organisation.id)
      .execute();
  }
  const connector = createXeroConnector(deps, config, { limiter: createXeroLimiter(clock), pageSize: 2 });
  return { deps, clock, connection, organisation, connector };
}

const xeroInvoice = (id: string, overrides: Record<string, unknown> = {}) => ({
  InvoiceID: id,
  InvoiceNumber: `INV-${id.slice(0, 4)}`,
  Type: 'ACCREC',
  Status: 'AUTHORISED',
  Contact: { ContactID: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', Name: 'Kowhai Cafe Ltd' },
  CurrencyCode: 'NZD',
  Total: 2300.0,
  AmountDue: 2000.0,
  DueDate: '/Date(1793836800000+0000)/',
  UpdatedDateUTC: '/Date(1795300807510+0000)/',
  ...overrides,
});
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('B04: 401 TokenExpired', () => {
  it('refreshes once and retries the call once', async () => {
    const { connector, organisation, connection, deps } = await setUp();
    const path = `/api.xro/2.0/Invoices/${INVOICE_ID}`;
    const api = nock(API)
      .get(path)
      .matchHeader('authorization', 'Bearer AT1')
      .reply(401, {
        Title: 'Unauthorized',
        Status: 401,
        Detail: 'TokenExpired: token expired at 12/03/2026 09:59:00',
      })
      .get(path)
      .matchHeader('authorization', 'Bearer AT2')
      .reply(200, { Invoices: [xeroInvoice(INVOICE_ID, { Status: 'PAID', AmountDue: 0 })] });
    const token = nock(IDENTITY)
      .post('/connect/token', (body: Record<string, string>) => body.refresh_token === 'RT1')
      .reply(200, { access_token: 'AT2', refresh_token: 'RT2', expires_in: 1800, token_type: 'Bearer' });
    expect(await connector.fetchInvoiceState(organisation.id, INVOICE_ID)).toEqual({
      status: 'paid',
      amountDue: '0',
      currency: 'NZD',
    });
    expect(api.isDone() && token.isDone()).toBe(true);
    // The rotated refresh token was stored before the new access token was used.
    expect((await readTokens(deps, connection.id)).refreshToken).toBe('RT2');
  });

  it('a second TokenExpired is not retried again: at most one refresh and two attempts', async () => {
    const { connector, organisation } = await setUp();
    const path = `/api.xro/2.0/Invoices/${INVOICE_ID}`;
    const expired = { Title: 'Unauthorized', Status: 401, Detail: 'TokenExpired: token expired' };
    const api = nock(API).get(path).reply(401, expired).get(path).reply(401, expired);
    const token = nock(IDENTITY)
      .post('/connect/token')
      .once()
      .reply(200, { access_token: 'AT2', refresh_token: 'RT2', expires_in: 1800, token_type: 'Bearer' });
    await expect(connector.fetchInvoiceState(organisation.id, INVOICE_ID)).rejects.toMatchObject({
      kind: 'transient',
      details: { status: 401 },
    });
    expect(api.isDone() && token.isDone()).toBe(true);
  });
});

/** Every list endpoint of a sync answers one empty page, except those a test scripts. */
function emptyLists(except: string[]) {
  for (const [path, key] of [
    ['/Contacts', 'Contacts'],
    ['/CreditNotes', 'CreditNotes'],
    ['/Overpayments', 'Overpayments'],
    ['/Prepayments', 'Prepayments'],
    ['/Payments', 'Payments'],
    ['/Invoices', 'Invoices'],
  ] as const) {
    if (except.includes(path)) continue;
    nock(API)
      .get(`/api.xro/2.0${path}`)
      .query(true)
      .reply(200, { pagination: { page: 1, pageSize: 2, pageCount: 1, itemCount: 0 }, [key]: [] });
  }
}

/** The Invoices list answers one page holding one open invoice. */
function oneOpenInvoice() {
  nock(API)
    .get('/api.xro/2.0/Invoices')
    .query(true)
    .reply(200, {
      pagination: { page: 1, pageSize: 2, pageCount: 1, itemCount: 1 },
      Invoices: [xeroInvoice(uuid(1))],
    });
}

describe('B21: minute 429 on page 2', () => {
  it('waits Retry-After (7 s on the fake clock) and asks for page 2 again, never page 1', async () => {
    const { connector, organisation, clock } = await setUp();
    emptyLists(['/Invoices']);
    const page = (n: number, ids: number[]) => ({
      pagination: { page: n, pageSize: 2, pageCount: 3, itemCount: 5 },
      Invoices: ids.map((i) => xeroInvoice(uuid(i))),
    });
    const invoices = nock(API)
      .get('/api.xro/2.0/Invoices')
      .query((q) => q.page === '1')
      .reply(200, page(1, [1, 2]), { 'X-DayLimit-Remaining': '4210' })
      .get('/api.xro/2.0/Invoices')
      .query((q) => q.page === '2')
      .reply(429, '', { 'Retry-After': '7', 'X-Rate-Limit-Problem': 'minute', 'X-MinLimit-Remaining': '0' })
      .get('/api.xro/2.0/Invoices')
      .query((q) => q.page === '2')
      .reply(200, page(2, [3, 4]))
      .get('/api.xro/2.0/Invoices')
      .query((q) => q.page === '3')
      .reply(200, page(3, [5]), { 'X-DayLimit-Remaining': '4200' });
    const run = await connector.syncOrganisation(organisation.id, { now: NOW });
    expect(invoices.isDone()).toBe(true);
    expect(clock.slept.some((ms) => ms >= 7000)).toBe(true);
    expect(run.counts).toMatchObject({ invoices: 5, dayRemaining: 4200 });
    expect(run.apiCalls).toBe(4 + 5);
  });
});

describe('app-wide minute 429', () => {
  it("pauses every organisation's calls, not only the one that got it", async () => {
    const { connector, organisation, clock } = await setUp();
    const pause = vi.spyOn(connector.runtime.limiter, 'pause');
    const path = `/api.xro/2.0/Invoices/${INVOICE_ID}`;
    nock(API)
      .get(path)
      .reply(429, '', {
        'Retry-After': '9',
        'X-Rate-Limit-Problem': 'appminute',
        'X-AppMinLimit-Remaining': '0',
      })
      .get(path)
      .reply(200, { Invoices: [xeroInvoice(INVOICE_ID)] });
    await connector.fetchInvoiceState(organisation.id, INVOICE_ID);
    // null is the whole app: the limiter's app-wide pause, which every tenant's acquire waits for.
    expect(pause).toHaveBeenCalledWith(null, 9000);
    expect(clock.slept).toContain(9000);
  });
});

describe('B08: If-Modified-Since', () => {
  it('is sent in the accepted form, and the watermark comes from UpdatedDateUTC received, minus the overlap', async () => {
    const { connector, organisation } = await setUp({ watermark: new Date('2024-04-08T09:00:00Z') });
    emptyLists(['/Invoices', '/Contacts']);
    nock(API)
      .get('/api.xro/2.0/Contacts')
      .query(true)
      .matchHeader('if-modified-since', '2024-04-08T09:00:00')
      .reply(200, { Contacts: [] });
    const invoices = nock(API)
      .get('/api.xro/2.0/Invoices')
      .query((q) => q.where === 'Type=="ACCREC"' && q.Statuses === undefined)
      .matchHeader('if-modified-since', '2024-04-08T09:00:00')
      .reply(200, {
        pagination: { page: 1, pageSize: 2, pageCount: 1, itemCount: 2 },
        Invoices: [
          xeroInvoice(uuid(1), { UpdatedDateUTC: '/Date(1712570400000+0000)/' }), // 2024-04-08T10:00:00Z
          xeroInvoice(uuid(2), { UpdatedDateUTC: undefined }),
        ],
      });
    const run = await connector.syncOrganisation(organisation.id, { now: NOW });
    expect(run.kind).toBe('incremental');
    expect(invoices.isDone()).toBe(true);
    const row = await t.db
      .selectFrom('organisation')
      .select('sync_watermark')
      .where('id', '=', organisation.id)
      .executeTakeFirstOrThrow();
    expect(row.sync_watermark?.toISOString()).toBe('2024-04-08T09:55:00.000Z');
  });

  it('a quiet hour reads four lists; overpayments and prepayments only in an hour when something changed', async () => {
    const { connector, organisation } = await setUp({ watermark: new Date('2026-12-03T09:00:00Z') });
    const pendingLists = () =>
      nock
        .pendingMocks()
        .filter((m) => m.includes('/api.xro/'))
        .map((m) => m.replace(/^GET https?:\/\/[^/]+\/api\.xro\/2\.0/, ''));
    emptyLists([]);
    await connector.syncOrganisation(organisation.id, { now: NOW });
    // Contacts, Invoices, CreditNotes and Payments were asked for; the two credit-on-account lists were not.
    expect(pendingLists()).toEqual(['/Overpayments', '/Prepayments']);
    nock.cleanAll();

    discovery();
    emptyLists(['/Invoices']);
    oneOpenInvoice();
    await connector.syncOrganisation(organisation.id, { now: NOW });
    expect(pendingLists()).toEqual([]);
  });

  describe('P13: a list edited while it is paged', () => {
    const at = (iso: string) => `/Date(${Date.parse(iso)}+0000)/`;
    const page = (n: number, rows: [number, string][]) => ({
      pagination: { page: n, pageSize: 2, pageCount: 2, itemCount: 4 },
      Invoices: rows.map(([i, iso]) => xeroInvoice(uuid(i), { UpdatedDateUTC: at(iso) })),
    });
    async function syncTwoPages(lastUpdated: string) {
      const { connector, organisation } = await setUp({ watermark: new Date('2026-12-03T09:00:00Z') });
      emptyLists(['/Invoices']);
      nock(API)
        .get('/api.xro/2.0/Invoices')
        .query((q) => q.page === '1')
        .reply(
          200,
          page(1, [
            [1, '2026-12-03T09:10:00Z'],
            [2, '2026-12-03T09:20:00Z'],
          ]),
        )
        .get('/api.xro/2.0/Invoices')
        .query((q) => q.page === '2')
        .reply(
          200,
          page(2, [
            [3, '2026-12-03T09:30:00Z'],
            [4, lastUpdated],
          ]),
        );
      await connector.syncOrganisation(organisation.id, { now: NOW });
      const row = await t.db
        .selectFrom('organisation')
        .select('sync_watermark')
        .where('id', '=', organisation.id)
        .executeTakeFirstOrThrow();
      return row.sync_watermark?.toISOString();
    }

    it('keeps the watermark below the oldest record of the later pages', async () => {
      // Invoice 4 was edited as the sync ran (10:00): it moved to the end, and a record may have shifted back into
      // page 1 after page 1 was read. Not 09:55 (newest minus the overlap): that record would be lost.
      expect(await syncTwoPages('2026-12-03T10:00:00Z')).toBe('2026-12-03T09:29:59.000Z');
    });

    it('but an unchanged list moves the watermark to its newest record (minus the overlap)', async () => {
      // Nothing updated since 09:40: nothing moved while paging, so the next hourly sync needs one empty page.
      expect(await syncTwoPages('2026-12-03T09:40:00Z')).toBe('2026-12-03T09:35:00.000Z');
    });
  });

  it('when Xero ignores the header and returns everything, nothing is stored twice', async () => {
    const { connector, organisation } = await setUp({ watermark: new Date('2024-04-08T09:00:00Z') });
    const all = {
      pagination: { page: 1, pageSize: 2, pageCount: 1, itemCount: 2 },
      Invoices: [1, 2].map((i) => xeroInvoice(uuid(i))),
    };
    for (let run = 0; run < 2; run += 1) {
      emptyLists(['/Invoices']);
      nock(API).get('/api.xro/2.0/Invoices').query(true).reply(200, all);
    }
    const first = await connector.syncOrganisation(organisation.id, { now: NOW });
    const second = await connector.syncOrganisation(organisation.id, { now: NOW });
    expect([first.counts.invoicesChanged, second.counts.invoicesChanged ?? 0]).toEqual([2, 0]);
    const rows = await t.db
      .selectFrom('invoice')
      .select('id')
      .where('organisation_id', '=', organisation.id)
      .execute();
    expect(rows).toHaveLength(2);
  });
});

describe('notes: retries and refusals', () => {
  const path = `/api.xro/2.0/Invoices/${INVOICE_ID}/History`;
  const created = { HistoryRecords: [{ Details: 'ok', DateUTC: '/Date(1796292000000+0000)/' }] };
  const refusal = (message: string) => ({
    ErrorNumber: 10,
    Type: 'ValidationException',
    Message: 'A validation exception occurred',
    Elements: [{ ValidationErrors: [{ Message: message }] }],
  });

  it('a 503 is retried with backoff under the same Idempotency-Key', async () => {
    const { connector, organisation, clock } = await setUp();
    const api = nock(API)
      .put(path)
      .matchHeader('idempotency-key', 'dunning:1:2')
      .reply(503, { Title: 'An error occurred' })
      .put(path, { HistoryRecords: [{ Details: 'Reminder 2 sent' }] })
      .matchHeader('idempotency-key', 'dunning:1:2')
      .reply(200, created);
    await connector.addInvoiceNote(organisation.id, INVOICE_ID, 'Reminder 2 sent', 'dunning:1:2');
    expect(api.isDone()).toBe(true);
    expect(clock.slept).toEqual([1000]);
  });

  it("B28: a 400 gets one plain-ASCII retry; a second 400 is 'rejected' with Xero's own message", async () => {
    const { connector, organisation } = await setUp();
    const first = nock(API)
      .put(path, { HistoryRecords: [{ Details: 'Rappel envoyé à Zoë' }] })
      .reply(400, refusal('Details contains characters that are not allowed'))
      .put(path, { HistoryRecords: [{ Details: 'Rappel envoye a Zoe' }] })
      .matchHeader('idempotency-key', 'k:ascii')
      .reply(200, created);
    await connector.addInvoiceNote(organisation.id, INVOICE_ID, 'Rappel envoyé à Zoë 🙂', 'k');
    expect(first.isDone()).toBe(true);

    nock(API).put(path).times(2).reply(400, refusal('The invoice is locked'));
    await expect(connector.addInvoiceNote(organisation.id, INVOICE_ID, 'Ça va', 'k2')).rejects.toMatchObject({
      kind: 'rejected',
      message: expect.stringContaining('The invoice is locked') as unknown,
    });
  });
});

describe('reconcile: reads by IDs', () => {
  it('an answer without the Invoices list is retried later, never taken for "those invoices were deleted"', async () => {
    const { connector, organisation } = await setUp({ watermark: new Date('2026-12-03T09:00:00Z') });
    emptyLists(['/Invoices']);
    oneOpenInvoice();
    await connector.syncOrganisation(organisation.id, { now: NOW });
    nock.cleanAll();

    discovery();
    emptyLists(['/Invoices']);
    nock(API)
      .get('/api.xro/2.0/Invoices')
      .query((q) => q.IDs === undefined)
      .twice()
      .reply(200, { pagination: { page: 1, pageSize: 2, pageCount: 1, itemCount: 0 }, Invoices: [] });
    const byId = nock(API)
      .get('/api.xro/2.0/Invoices')
      .query((q) => q.IDs === uuid(1))
      .times(5)
      .reply(200, { Id: 'a1', Status: 'OK', ProviderName: 'Dunwise' });
    await expect(
      connector.syncOrganisation(organisation.id, { now: NOW, kind: 'reconcile' }),
    ).rejects.toMatchObject({ kind: 'transient', message: 'xero Invoices: the answer has no "Invoices"' });
    expect(byId.pendingMocks().length).toBeLessThan(5);
    const invoice = await t.db
      .selectFrom('invoice')
      .select('status')
      .where('organisation_id', '=', organisation.id)
      .executeTakeFirstOrThrow();
    expect(invoice.status).toBe('open');
  });
});
