import { Decimal } from 'decimal.js';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/db.js';
import { failNextInsert } from '../../test/fail-once.js';
import {
  connectedOrganisation,
  fakeQuickBooks,
  pageOf,
  QBO_CONFIG,
  qboInvoice,
  queryReply,
  statementOf,
  testDeps,
  testPacer,
  type RecordedCall,
  type Reply,
} from '../../test/fixtures/quickbooks/harness.js';
import { createQuickBooksConnector } from './index.js';

const t = useTestDatabase();
const now = new Date('2026-12-03T15:00:00Z');
const connector = () => createQuickBooksConnector(testDeps(t.db, now), QBO_CONFIG, { pacer: testPacer() });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String(from + i));

/** A book: answers full-sync queries per entity from the given rows. */
function book(rows: { Invoice?: object[]; Customer?: object[]; Payment?: object[]; CreditMemo?: object[] }) {
  return (call: RecordedCall): Reply => {
    const statement = statementOf(call);
    const entity = /FROM (\w+)/.exec(statement)?.[1] ?? '';
    const all = (rows as Record<string, object[] | undefined>)[entity] ?? [];
    return queryReply(entity, pageOf(all, statement));
  };
}

async function invoices(orgId: string) {
  return t.db
    .selectFrom('invoice')
    .select(['external_id', 'status', 'amount_due', 'total', 'currency'])
    .where('organisation_id', '=', orgId)
    .orderBy('external_id')
    .execute()
    .then((rows) =>
      rows.map((r) => ({
        ...r,
        amount_due: new Decimal(r.amount_due).toFixed(2),
        total: new Decimal(r.total).toFixed(2),
      })),
    );
}

describe('QuickBooks full sync', () => {
  it('B06: an exact multiple of the page size pages 1, 1001, 2001 and stops on the empty page', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    const calls = fakeQuickBooks(book({ Invoice: ids(2000).map((id) => qboInvoice(id)) }));
    const outcome = await connector().syncOrganisation(org.id, { now });
    const invoiceQueries = calls
      .map(statementOf)
      .filter((s) => s.includes('FROM Invoice') && !s.includes('Balance'));
    expect(invoiceQueries.map((s) => /STARTPOSITION (\d+)/.exec(s)?.[1])).toEqual(['1', '1001', '2001']);
    expect(invoiceQueries.every((s) => s.endsWith('MAXRESULTS 1000'))).toBe(true);
    const stored = await t.db
      .selectFrom('invoice')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(2000);
    expect(outcome.status).toBe('succeeded');
    const run = await t.db
      .selectFrom('sync_run')
      .selectAll()
      .where('id', '=', outcome.syncRunId)
      .executeTakeFirstOrThrow();
    expect(run.status).toBe('succeeded');
    expect(run.api_calls).toBe(calls.length);
    expect(run.counts['invoices']).toBe(2000);
  });

  it('sends minorversion=75 on every call and asks for inactive customers too', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    const calls = fakeQuickBooks(book({ Customer: [{ Id: '19', DisplayName: 'Gone Ltd', Active: false }] }));
    await connector().syncOrganisation(org.id, { now });
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.params.get('minorversion') === '75')).toBe(true);
    expect(calls.map(statementOf).find((s) => s.includes('FROM Customer'))).toContain(
      'Active IN (true, false)',
    );
    const customer = await t.db
      .selectFrom('customer')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(customer.active).toBe(false);
  });

  it('B15: foreign-currency amounts are stored exactly as sent, never through a float or HomeBalance', async () => {
    const { org } = await connectedOrganisation(t.db, now, { baseCurrency: 'CHF' });
    const raw = `{"QueryResponse":{"Invoice":[{"Id":"7","CustomerRef":{"value":"1"},"CurrencyRef":{"value":"USD"},
      "ExchangeRate": 0.8993, "TotalAmt": 4750.10, "Balance": 4750.10, "HomeBalance": 4271.77,
      "DueDate":"2026-11-01","MetaData":{"LastUpdatedTime":"2026-11-01T10:00:00-07:00"}}],"startPosition":1,"maxResults":1},
      "time":"2026-12-03T07:00:00.000-08:00"}`;
    fakeQuickBooks((call) => (statementOf(call).includes('FROM Invoice') ? [200, raw] : queryReply('X', [])));
    await connector().syncOrganisation(org.id, { now });
    expect(await invoices(org.id)).toEqual([
      { external_id: '7', status: 'open', amount_due: '4750.10', total: '4750.10', currency: 'USD' },
    ]);
  });

  it('B12: a partly paid invoice keeps its own Balance as the amount due', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    fakeQuickBooks(book({ Invoice: [qboInvoice('100', { TotalAmt: 1000, Balance: 600 })] }));
    await connector().syncOrganisation(org.id, { now });
    expect((await invoices(org.id))[0]).toMatchObject({
      status: 'open',
      amount_due: '600.00',
      total: '1000.00',
    });
  });

  it('one malformed record is skipped and logged; the rest of the page lands', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    fakeQuickBooks(book({ Invoice: [qboInvoice('1'), { Id: '2', TotalAmt: 'lots' }, qboInvoice('3')] }));
    const outcome = await connector().syncOrganisation(org.id, { now });
    expect((await invoices(org.id)).map((i) => i.external_id)).toEqual(['1', '3']);
    expect(outcome.counts['skipped']).toBe(1);
    expect(outcome.status).toBe('partial');
  });

  it('a Fault inside a 200 is an error, and the run is recorded as failed', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    fakeQuickBooks(() => [
      200,
      {
        Fault: { Error: [{ Message: 'A business validation error', code: '6000' }], type: 'ValidationFault' },
      },
    ]);
    await expect(connector().syncOrganisation(org.id, { now })).rejects.toMatchObject({ kind: 'rejected' });
    const run = await t.db
      .selectFrom('sync_run')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(run.status).toBe('failed');
    expect(run.error).toContain('6000');
  });

  it('an XML Fault inside a 200 is refused too, and a 200 that is not JSON is a transient failure', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    fakeQuickBooks(() => [
      200,
      '<IntuitResponse><Fault type="ValidationFault"><Error code="6000"><Message>Business validation</Message></Error></Fault></IntuitResponse>',
      { 'content-type': 'application/xml' },
    ]);
    await expect(connector().syncOrganisation(org.id, { now })).rejects.toMatchObject({ kind: 'rejected' });
    nock.cleanAll();
    fakeQuickBooks(() => [200, '<html>Bad gateway</html>', { 'content-type': 'text/html' }]);
    await expect(connector().syncOrganisation(org.id, { now })).rejects.toMatchObject({ kind: 'transient' });
  });

  it('B21: an XML 429 stops the run where it was; the next run resumes at that page without refetching', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    const rows = ids(2500).map((id) => qboInvoice(id));
    let throttleOnce = true;
    const calls = fakeQuickBooks((call) => {
      const s = statementOf(call);
      if (s.includes('FROM Invoice') && s.includes('STARTPOSITION 1001') && throttleOnce) {
        throttleOnce = false;
        return [
          429,
          '<IntuitResponse time="2026-12-03T07:00:00.000-08:00"><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message><Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>',
          { 'content-type': 'application/xml', 'retry-after': '60' },
        ];
      }
      return book({ Invoice: rows })(call);
    });
    const first = await connector().syncOrganisation(org.id, { now });
    expect(first.status).toBe('partial');
    const throttled = await t.db
      .selectFrom('organisation')
      .selectAll()
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(throttled.rate_limited_until?.toISOString()).toBe(new Date(now.getTime() + 60_000).toISOString());
    expect(throttled.full_sync_completed_at).toBeNull();

    const later = new Date(now.getTime() + 61_000);
    calls.length = 0;
    const second = await createQuickBooksConnector(testDeps(t.db, later), QBO_CONFIG, {
      pacer: testPacer(),
    }).syncOrganisation(org.id, { now: later });
    expect(second.status).toBe('succeeded');
    const invoiceQueries = calls
      .map(statementOf)
      .filter((s) => s.includes('FROM Invoice') && !s.includes('Balance'));
    expect(invoiceQueries.map((s) => /STARTPOSITION (\d+)/.exec(s)?.[1])).toEqual(['1001', '2001']);
    expect(calls.map(statementOf).some((s) => s.includes('FROM Customer'))).toBe(false);
    expect((await invoices(org.id)).length).toBe(2500);
  });

  it('a page whose store fails while the next is being read fails the run with that error, not the next page’s 429', async () => {
    const { org } = await connectedOrganisation(t.db, now);
    const rows = ids(2500).map((id) => qboInvoice(id));
    fakeQuickBooks((call) => {
      if (statementOf(call).includes('FROM Invoice') && statementOf(call).includes('STARTPOSITION 1001')) {
        return [
          429,
          '<IntuitResponse><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message></Error></Fault></IntuitResponse>',
          { 'content-type': 'application/xml', 'retry-after': '60' },
        ];
      }
      return book({ Invoice: rows })(call);
    });
    const undo = await failNextInsert(t.db, 'invoice');
    try {
      await expect(connector().syncOrganisation(org.id, { now })).rejects.toThrow(
        'injected failure on invoice',
      );
    } finally {
      await undo();
    }
    const run = await t.db
      .selectFrom('sync_run')
      .select(['status', 'error', 'progress'])
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'failed', progress: null });
    expect(run.error).toContain('injected failure on invoice');
    const after = await t.db
      .selectFrom('organisation')
      .select('rate_limited_until')
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(after.rate_limited_until).toBeNull();
    expect(await invoices(org.id)).toEqual([]);
  });
});
