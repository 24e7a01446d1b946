import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDb, createPool } from '../../server/db/connect.js';
import { decryptSecret } from '../../server/crypto.js';
import { useTestDatabase } from '../../test/db.js';
import { TEST_ENCRYPTION_KEY } from '../../test/factories.js';
import {
  connectedOrganisation,
  fakeQuickBooks,
  QBO_CONFIG,
  queryReply,
  testDeps,
  testPacer,
} from '../../test/fixtures/quickbooks/harness.js';
import { createQuickBooksConnector } from './index.js';

const t = useTestDatabase();
const now = new Date('2026-12-03T15:00:00Z');
const tokenHost = new URL(QBO_CONFIG.tokenUrl);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** Intuit's token endpoint, rotating: each accepted refresh token yields the next; older ones are invalid_grant. */
function rotatingTokenEndpoint(options: { delayMs?: number } = {}) {
  const sent: string[] = [];
  let latest = 1;
  nock(tokenHost.origin)
    .persist()
    .post(tokenHost.pathname)
    .delay(options.delayMs ?? 0)
    .reply((_uri, body) => {
      const form = new URLSearchParams(typeof body === 'string' ? body : '');
      const rt = form.get('refresh_token') ?? '';
      sent.push(rt);
      if (rt !== `RT${latest}`) return [400, { error: 'invalid_grant' }];
      latest += 1;
      return [
        200,
        {
          token_type: 'bearer',
          access_token: `AT${latest}`,
          refresh_token: `RT${latest}`,
          expires_in: 3600,
          x_refresh_token_expires_in: 8_726_400,
          x_refresh_token_hard_expires_in: 2_505_600,
        },
      ];
    });
  return sent;
}

async function storedTokens(connectionId: string) {
  const row = await t.db
    .selectFrom('connection')
    .selectAll()
    .where('id', '=', connectionId)
    .executeTakeFirstOrThrow();
  return {
    status: row.status,
    access: decryptSecret(TEST_ENCRYPTION_KEY, row.access_token_enc!, `connection:${connectionId}:access`),
    refresh: decryptSecret(TEST_ENCRYPTION_KEY, row.refresh_token_enc!, `connection:${connectionId}:refresh`),
    refreshExpires: row.refresh_token_expires_at,
    hardExpires: row.refresh_token_hard_expires_at,
  };
}

describe('QuickBooks tokens through intuit-oauth', () => {
  it('two processes (separate pools) refreshing the same realm at once refresh once and use the rotated token', async () => {
    const { org, connection } = await connectedOrganisation(t.db, now, { accessExpiresInMs: 60_000 });
    const sent = rotatingTokenEndpoint({ delayMs: 100 });
    const calls = fakeQuickBooks(() => [
      200,
      { Invoice: { Id: '1', CustomerRef: { value: '1' }, TotalAmt: 5, Balance: 5 } },
    ]);
    const otherPool = createPool({ connectionString: t.url, max: 4 });
    const otherDb = createDb(otherPool);
    try {
      const a = createQuickBooksConnector(testDeps(t.db, now), QBO_CONFIG, { pacer: testPacer() });
      const b = createQuickBooksConnector(testDeps(otherDb, now), QBO_CONFIG, { pacer: testPacer() });
      await Promise.all([
        a.fetchInvoiceState(org.id, '1'),
        b.fetchInvoiceState(org.id, '1'),
        a.fetchInvoiceState(org.id, '1'),
      ]);
    } finally {
      await otherDb.destroy();
    }
    expect(sent).toEqual(['RT1']);
    expect(calls.map((c) => c.authorization)).toEqual(['Bearer AT2', 'Bearer AT2', 'Bearer AT2']);
    const stored = await storedTokens(connection.id);
    expect(stored).toMatchObject({ access: 'AT2', refresh: 'RT2', status: 'active' });
    expect(stored.refreshExpires?.toISOString()).toBe(new Date(now.getTime() + 8_726_400_000).toISOString());
    expect(stored.hardExpires?.toISOString()).toBe(new Date(now.getTime() + 2_505_600_000).toISOString());
  });

  it('B02: the rotated refresh token is the one sent next time (25 hours later)', async () => {
    const { org, connection } = await connectedOrganisation(t.db, now, { accessExpiresInMs: 0 });
    const sent = rotatingTokenEndpoint();
    fakeQuickBooks(() => [
      200,
      { Invoice: { Id: '1', CustomerRef: { value: '1' }, TotalAmt: 5, Balance: 0 } },
    ]);
    await createQuickBooksConnector(testDeps(t.db, now), QBO_CONFIG, {
      pacer: testPacer(),
    }).fetchInvoiceState(org.id, '1');
    const later = new Date(now.getTime() + 25 * 3_600_000);
    await createQuickBooksConnector(testDeps(t.db, later), QBO_CONFIG, {
      pacer: testPacer(),
    }).fetchInvoiceState(org.id, '1');
    expect(sent).toEqual(['RT1', 'RT2']);
    expect(await storedTokens(connection.id)).toMatchObject({ refresh: 'RT3', access: 'AT3' });
  });

  it('B03/B05: invalid_grant keeps the stored tokens and marks the connection and organisation needs_reconnect', async () => {
    const { org, connection } = await connectedOrganisation(t.db, now, { accessExpiresInMs: 0 });
    nock(tokenHost.origin).post(tokenHost.pathname).reply(400, { error: 'invalid_grant' });
    const calls = fakeQuickBooks(() => queryReply('Invoice', []));
    const connector = createQuickBooksConnector(testDeps(t.db, now), QBO_CONFIG, { pacer: testPacer() });
    await expect(connector.syncOrganisation(org.id, { now })).rejects.toMatchObject({
      kind: 'needs_reconnect',
    });
    expect(calls).toHaveLength(0);
    expect(await storedTokens(connection.id)).toMatchObject({
      access: 'AT1',
      refresh: 'RT1',
      status: 'needs_reconnect',
    });
    const after = await t.db
      .selectFrom('organisation')
      .select(['status'])
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('needs_reconnect');
    // The next run makes no HTTP call at all.
    await expect(connector.syncOrganisation(org.id, { now })).rejects.toMatchObject({
      kind: 'needs_reconnect',
    });
    expect(calls).toHaveLength(0);
  });

  it('B03: a 200 without tokens is a transient failure that leaves tokens and status untouched', async () => {
    const { org, connection } = await connectedOrganisation(t.db, now, { accessExpiresInMs: 0 });
    nock(tokenHost.origin).post(tokenHost.pathname).reply(200, { token_type: 'bearer', expires_in: 3600 });
    fakeQuickBooks(() => queryReply('Invoice', []));
    const connector = createQuickBooksConnector(testDeps(t.db, now), QBO_CONFIG, { pacer: testPacer() });
    await expect(connector.syncOrganisation(org.id, { now })).rejects.toMatchObject({ kind: 'transient' });
    expect(await storedTokens(connection.id)).toMatchObject({
      access: 'AT1',
      refresh: 'RT1',
      status: 'active',
    });
  });

  it('a 401 from the API forces one refresh and one retry with the new token', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    const sent = rotatingTokenEndpoint();
    const calls = fakeQuickBooks((call) =>
      call.authorization === 'Bearer AT1'
        ? [
            401,
            {
              fault: {
                error: [
                  {
                    message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
                    detail: 'Token expired',
                    code: '3200',
                  },
                ],
                type: 'AUTHENTICATION',
              },
            },
          ]
        : [200, { Invoice: { Id: '1', CustomerRef: { value: '1' }, TotalAmt: 5, Balance: 5 } }],
    );
    const connector = createQuickBooksConnector(testDeps(t.db, now), QBO_CONFIG, { pacer: testPacer() });
    expect(await connector.fetchInvoiceState(org.id, '1')).toEqual({
      status: 'open',
      amountDue: '5',
      currency: 'USD',
    });
    expect(sent).toEqual(['RT1']);
    expect(calls.map((c) => c.authorization)).toEqual(['Bearer AT1', 'Bearer AT2']);
  });
});
