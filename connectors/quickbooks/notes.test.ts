import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/db.js';
import {
  connectedOrganisation,
  fakeQuickBooks,
  QBO_CONFIG,
  testDeps,
  testPacer,
  type Reply,
} from '../../test/fixtures/quickbooks/harness.js';
import { createQuickBooksConnector } from './index.js';

const t = useTestDatabase();
const now = new Date('2026-12-03T15:00:00Z');
const waits: number[] = [];
const connector = () =>
  createQuickBooksConnector(testDeps(t.db, now), QBO_CONFIG, {
    pacer: testPacer(),
    noteRetry: { attempts: 4, sleep: (ms) => (waits.push(ms), Promise.resolve()) },
  });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  waits.length = 0;
});

const created: Reply = [
  200,
  { Attachable: { Id: '100000000004191632', SyncToken: '0' }, time: '2026-12-03T07:00:00-08:00' },
];
const fault = (status: number, code: string, message: string): Reply => [
  status,
  { Fault: { Error: [{ Message: message, Detail: message, code }], type: 'ValidationFault' } },
];

describe('addInvoiceNote', () => {
  it('creates an Attachable linked to the invoice, not sent with it, with requestid = the idempotency key', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    const calls = fakeQuickBooks(() => created);
    const result = await connector().addInvoiceNote(
      org.id,
      '1043',
      'Day 7 email sent to ap@acme.example',
      'tp-1:inv-1043',
    );
    expect(result).toEqual({ externalId: '100000000004191632' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe(`/v3/company/${org.external_id}/attachable`);
    expect(calls[0]!.params.get('requestid')).toBe('tp-1:inv-1043');
    expect(calls[0]!.params.get('minorversion')).toBe('75');
    expect(calls[0]!.body).toEqual({
      AttachableRef: [{ EntityRef: { type: 'Invoice', value: '1043' }, IncludeOnSend: false }],
      Note: 'Day 7 email sent to ap@acme.example',
    });
  });

  it('retries 5xx and 429 with backoff under the same requestid, so a lost response never makes a second note', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    const replies: Reply[] = [[503, 'unavailable'], [429, 'slow down', { 'retry-after': '5' }], created];
    const calls = fakeQuickBooks(() => replies.shift()!);
    expect(await connector().addInvoiceNote(org.id, '1043', 'note', 'key-2')).toEqual({
      externalId: '100000000004191632',
    });
    expect(calls.map((c) => c.params.get('requestid'))).toEqual(['key-2', 'key-2', 'key-2']);
    expect(waits).toEqual([1000, 5000]);
  });

  it('a stale SyncToken (5010) is retried once; a validation error (400) is not retried', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    const replies: Reply[] = [fault(400, '5010', 'Stale Object Error'), created];
    const calls = fakeQuickBooks(() => replies.shift()!);
    expect(await connector().addInvoiceNote(org.id, '1043', 'note', 'key-3')).toEqual({
      externalId: '100000000004191632',
    });
    expect(calls).toHaveLength(2);

    nock.cleanAll();
    const rejected = fakeQuickBooks(() =>
      fault(400, '2050', 'String length is either shorter or longer than supported'),
    );
    await expect(connector().addInvoiceNote(org.id, '1043', 'note', 'key-4')).rejects.toMatchObject({
      kind: 'rejected',
    });
    expect(rejected).toHaveLength(1);
  });
});

describe('fetchInvoiceState', () => {
  it('re-reads one invoice with one call; Object Not Found means deleted', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    const calls = fakeQuickBooks((call) =>
      call.path.endsWith('/invoice/1')
        ? [
            200,
            '{"Invoice":{"Id":"1","CustomerRef":{"value":"5"},"CurrencyRef":{"value":"CAD"},"TotalAmt":1000.00,"Balance":600.00}}',
          ]
        : fault(400, '610', 'Object Not Found'),
    );
    expect(await connector().fetchInvoiceState(org.id, '1')).toEqual({
      status: 'open',
      amountDue: '600.00',
      currency: 'CAD',
    });
    expect(await connector().fetchInvoiceState(org.id, '2')).toEqual({
      status: 'deleted',
      amountDue: '0',
      currency: 'USD',
    });
    expect(calls).toHaveLength(2);
  });
});
