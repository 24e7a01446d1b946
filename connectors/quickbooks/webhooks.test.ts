import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/db.js';
import {
  connectedOrganisation,
  fakeQuickBooks,
  QBO_CONFIG,
  qboInvoice,
  queryReply,
  statementOf,
  testDeps,
  testPacer,
} from '../../test/fixtures/quickbooks/harness.js';
import { createQuickBooksConnector } from './index.js';
import type { EntityRef } from './targeted-sync.js';
import { quickBooksWebhook } from './webhooks.js';

const t = useTestDatabase();
const now = new Date('2026-12-03T15:00:00Z');
const verifier = QBO_CONFIG.webhookVerifier;
const sign = (raw: string, key = verifier) =>
  createHmac('sha256', key).update(Buffer.from(raw)).digest('base64');

const synced: { orgId: string; refs: EntityRef[] }[] = [];
const fakeConnector = {
  syncEntities: (orgId: string, refs: EntityRef[]) => {
    synced.push({ orgId, refs });
    return Promise.resolve({
      syncRunId: 'x',
      kind: 'webhook' as const,
      status: 'succeeded' as const,
      apiCalls: 0,
      counts: {},
    });
  },
};

let baseUrl = '';
let close: () => void = () => undefined;
let webhook: ReturnType<typeof quickBooksWebhook>;
let useRealConnector = false;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const real = () => createQuickBooksConnector(testDeps(t.db, now), QBO_CONFIG, { pacer: testPacer() });
  webhook = quickBooksWebhook(testDeps(t.db, now), verifier, {
    syncEntities: (orgId, refs, at) =>
      useRealConnector ? real().syncEntities(orgId, refs, at) : fakeConnector.syncEntities(orgId, refs),
  });
  const app = express();
  app.use('/webhooks', express.raw({ type: '*/*', limit: '1mb' }));
  app.post('/webhooks/quickbooks', webhook.handler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());
afterEach(() => {
  synced.length = 0;
  useRealConnector = false;
  nock.cleanAll();
});

async function post(raw: string, signature = sign(raw), contentType = 'application/cloudevents+json') {
  const response = await fetch(`${baseUrl}/webhooks/quickbooks`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'intuit-signature': signature },
    body: raw,
  });
  await webhook.drain();
  return response.status;
}

const storedEvents = async () => (await t.db.selectFrom('webhook_event').selectAll().execute()).length;

describe('POST /webhooks/quickbooks', () => {
  it('B22: a CloudEvents body with extra spaces is verified on its raw bytes and triggers a targeted sync', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    const raw = `[ {"specversion": "1.0", "id": "ev-1",  "source": "intuit.x", "type": "qbo.invoice.updated.v1",
      "time": "2026-12-03T15:00:00Z", "intuitentityid": "1043", "intuitaccountid": "${org.external_id}", "data": {} } ]`;
    expect(await post(raw)).toBe(200);
    expect(synced).toEqual([{ orgId: org.id, refs: [{ entity: 'Invoice', id: '1043' }] }]);
  });

  it('B22: a signature computed over re-serialised JSON is refused with 401 and nothing is stored', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    const raw = `[ {"specversion": "1.0", "id": "ev-2", "type": "qbo.invoice.updated.v1", "intuitentityid": "1", "intuitaccountid": "${org.external_id}"} ]`;
    const before = await storedEvents();
    expect(await post(raw, sign(JSON.stringify(JSON.parse(raw))))).toBe(401);
    expect(await post(raw, '')).toBe(401);
    expect(await storedEvents()).toBe(before);
    expect(synced).toEqual([]);
  });

  it('a malformed body (validly signed) is refused with 400; an unknown realm with 400 and nothing stored', async () => {
    const before = await storedEvents();
    expect(await post('{"not": "a webhook"')).toBe(400);
    expect(await post('{"eventNotifications": "nope"}')).toBe(400);
    const unknown = `[{"specversion":"1.0","id":"ev-3","type":"qbo.invoice.updated.v1","intuitentityid":"1","intuitaccountid":"no-such-realm"}]`;
    expect(await post(unknown)).toBe(400);
    expect(await storedEvents()).toBe(before);
    expect(synced).toEqual([]);
  });

  it('a delivery retried with the same CloudEvent id is acted on once', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    const raw = `[{"specversion":"1.0","id":"ev-dup","type":"qbo.payment.created.v1","intuitentityid":"311","intuitaccountid":"${org.external_id}"}]`;
    expect(await post(raw)).toBe(200);
    expect(await post(raw)).toBe(200);
    expect(synced).toEqual([{ orgId: org.id, refs: [{ entity: 'Payment', id: '311' }] }]);
  });

  it('accepts the classic eventNotifications format', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    const raw = JSON.stringify({
      eventNotifications: [
        {
          realmId: org.external_id,
          dataChangeEvent: {
            entities: [
              { name: 'Invoice', id: '7', operation: 'Update', lastUpdated: '2026-12-03T15:00:00.000Z' },
              { name: 'Estimate', id: '8', operation: 'Create', lastUpdated: '2026-12-03T15:00:00.000Z' },
            ],
          },
        },
      ],
    });
    expect(await post(raw, sign(raw), 'application/json')).toBe(200);
    expect(synced).toEqual([{ orgId: org.id, refs: [{ entity: 'Invoice', id: '7' }] }]);
  });

  it('a webhook for an invoice paid in QuickBooks takes it out of the overdue list (real connector)', async () => {
    const { org } = await connectedOrganisation(t.db, now, { watermark: now, fullSyncAt: now });
    useRealConnector = true;
    const calls = fakeQuickBooks(() =>
      queryReply('Invoice', [qboInvoice('55', { Balance: 0, TotalAmt: 300 })]),
    );
    const raw = `[{"specversion":"1.0","id":"ev-paid","type":"qbo.invoice.updated.v1","intuitentityid":"55","intuitaccountid":"${org.external_id}"}]`;
    expect(await post(raw)).toBe(200);
    expect(calls.map(statementOf)).toEqual(["SELECT * FROM Invoice WHERE Id IN ('55')"]);
    const row = await t.db
      .selectFrom('invoice')
      .select('status')
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('paid');
    const run = await t.db
      .selectFrom('sync_run')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ kind: 'webhook', status: 'succeeded', api_calls: 1 });
  });
});
