import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/db.js';
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
  type Reply,
} from '../../test/fixtures/quickbooks/harness.js';
import { upsertInvoices, upsertPayments } from '../store.js';
import { createQuickBooksConnector } from './index.js';

const t = useTestDatabase();
const now = new Date('2026-12-03T15:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const connector = () => createQuickBooksConnector(testDeps(t.db, now), QBO_CONFIG, { pacer: testPacer() });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const cdcReply = (blocks: Record<string, object[]>, time = '2026-12-03T06:59:00.000-08:00'): Reply => [
  200,
  {
    CDCResponse: [
      {
        QueryResponse: Object.entries(blocks).map(([entity, rows]) =>
          rows.length ? { [entity]: rows } : {},
        ),
      },
    ],
    time,
  },
];

async function seedOpenInvoices(orgId: string, list: { id: string; due?: string; amount?: string }[]) {
  await upsertInvoices(
    t.db,
    orgId,
    list.map((i) => ({
      externalId: i.id,
      number: `INV-${i.id}`,
      customerExternalId: '58',
      currency: 'USD',
      total: i.amount ?? '250.00',
      amountDue: i.amount ?? '250.00',
      issueDate: '2026-10-01',
      dueDate: i.due ?? '2026-11-01',
      status: 'open',
      payUrl: null,
      syncToken: '0',
      remoteUpdatedAt: hoursAgo(100),
    })),
    { initialSync: false, today: '2026-12-03' },
  );
}

async function invoice(orgId: string, id: string) {
  const row = await t.db
    .selectFrom('invoice')
    .select(['status', 'amount_due'])
    .where('organisation_id', '=', orgId)
    .where('external_id', '=', id)
    .executeTakeFirstOrThrow();
  return { status: row.status, amountDue: new Decimal(row.amount_due).toFixed(2) };
}

describe('QuickBooks incremental sync', () => {
  it('uses one CDC call for every entity, from the watermark minus the overlap, and moves the watermark to the server time', async () => {
    const { org } = await connectedOrganisation(t.db, now, {
      watermark: hoursAgo(1),
      fullSyncAt: hoursAgo(2),
    });
    const calls = fakeQuickBooks(() =>
      cdcReply({ Customer: [], Invoice: [qboInvoice('9')], Payment: [], CreditMemo: [] }),
    );
    const outcome = await connector().syncOrganisation(org.id, { now });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe(`/v3/company/${org.external_id}/cdc`);
    expect(calls[0]!.params.get('entities')).toBe('Customer,Invoice,Payment,CreditMemo');
    expect(calls[0]!.params.get('changedSince')).toBe('2026-12-03T13:55:00Z');
    expect(outcome.kind).toBe('incremental');
    const after = await t.db
      .selectFrom('organisation')
      .selectAll()
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(after.sync_watermark?.toISOString()).toBe('2026-12-03T14:59:00.000Z');
    expect(after.last_sync_at?.toISOString()).toBe(now.toISOString());
  });

  it('B10: a voided (zeroed, "Voided") invoice and a CDC-deleted invoice leave the cadence', async () => {
    const { org } = await connectedOrganisation(t.db, now, {
      watermark: hoursAgo(1),
      fullSyncAt: hoursAgo(2),
    });
    await seedOpenInvoices(org.id, [{ id: '130' }, { id: '131' }]);
    fakeQuickBooks(() =>
      cdcReply({
        Invoice: [
          qboInvoice('130', { TotalAmt: 0, Balance: 0, PrivateNote: 'Voided' }),
          {
            domain: 'QBO',
            status: 'Deleted',
            Id: '131',
            MetaData: { LastUpdatedTime: '2026-12-03T06:30:00-08:00' },
          },
        ],
      }),
    );
    await connector().syncOrganisation(org.id, { now });
    expect(await invoice(org.id, '130')).toEqual({ status: 'voided', amountDue: '0.00' });
    expect(await invoice(org.id, '131')).toEqual({ status: 'deleted', amountDue: '0.00' });
  });

  it('a payment deleted in QuickBooks reopens its invoice (re-read by Id when CDC does not include it)', async () => {
    const { org } = await connectedOrganisation(t.db, now, {
      watermark: hoursAgo(1),
      fullSyncAt: hoursAgo(2),
    });
    await seedOpenInvoices(org.id, [{ id: '1043', amount: '0.00' }]);
    await t.db.updateTable('invoice').set({ status: 'paid' }).where('external_id', '=', '1043').execute();
    await upsertPayments(t.db, org.id, [
      {
        externalId: '311',
        customerExternalId: '58',
        currency: 'USD',
        amount: '750.00',
        unappliedAmount: '0',
        paidOn: '2026-11-20',
        invoiceExternalIds: ['1043'],
        deleted: false,
        remoteUpdatedAt: hoursAgo(50),
      },
    ]);
    const calls = fakeQuickBooks((call) =>
      call.path.endsWith('/cdc')
        ? cdcReply({
            Payment: [
              {
                domain: 'QBO',
                status: 'Deleted',
                Id: '311',
                MetaData: { LastUpdatedTime: '2026-12-03T06:40:00-08:00' },
              },
            ],
          })
        : queryReply('Invoice', [qboInvoice('1043', { TotalAmt: 1200, Balance: 750 })]),
    );
    await connector().syncOrganisation(org.id, { now });
    expect(statementOf(calls[1]!)).toBe("SELECT * FROM Invoice WHERE Id IN ('1043')");
    expect(await invoice(org.id, '1043')).toEqual({ status: 'open', amountDue: '750.00' });
    const payment = await t.db
      .selectFrom('payment')
      .select('deleted')
      .where('external_id', '=', '311')
      .executeTakeFirstOrThrow();
    expect(payment.deleted).toBe(true);
  });

  it('B09: after a 38-day gap no CDC is tried; changes are read by LastUpdatedTime, open invoices reconciled', async () => {
    const { org } = await connectedOrganisation(t.db, now, {
      watermark: hoursAgo(38 * 24),
      fullSyncAt: hoursAgo(40 * 24),
    });
    await seedOpenInvoices(org.id, [{ id: '1' }, { id: '2' }, { id: '3' }]);
    const changed = [
      qboInvoice('1', { Balance: 0, MetaData: { LastUpdatedTime: '2026-11-20T10:00:00-08:00' } }),
    ];
    const calls = fakeQuickBooks((call) => {
      const s = statementOf(call);
      if (s.includes('LastUpdatedTime >='))
        return queryReply(/FROM (\w+)/.exec(s)![1]!, s.includes('FROM Invoice') ? changed : []);
      if (s.includes("Balance > '0'")) return queryReply('Invoice', [qboInvoice('2', { Balance: 250 })]);
      if (s.includes('Id IN')) return queryReply('Invoice', []); // 3 is gone
      return [500, 'unexpected'];
    });
    const outcome = await connector().syncOrganisation(org.id, { now });
    expect(calls.some((c) => c.path.endsWith('/cdc'))).toBe(false);
    const timeQueries = calls.map(statementOf).filter((s) => s.includes('LastUpdatedTime >='));
    expect(timeQueries).toHaveLength(4);
    expect(timeQueries[0]).toContain(`Metadata.LastUpdatedTime >= '2026-10-26T14:55:00Z'`);
    expect(timeQueries[0]).toContain('ORDERBY Metadata.LastUpdatedTime STARTPOSITION 1 MAXRESULTS 1000');
    expect(await invoice(org.id, '1')).toMatchObject({ status: 'paid' });
    expect(await invoice(org.id, '2')).toMatchObject({ status: 'open' });
    expect(await invoice(org.id, '3')).toMatchObject({ status: 'deleted' });
    expect(outcome.status).toBe('succeeded');
    const after = await t.db
      .selectFrom('organisation')
      .selectAll()
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(after.sync_watermark?.toISOString()).toBe('2026-12-03T10:00:00.000Z');
    expect(after.last_reconciled_at?.toISOString()).toBe(now.toISOString());
  });

  it('a CDC response at its 1,000-object cap is not trusted: the window is re-read with paged queries', async () => {
    const { org } = await connectedOrganisation(t.db, now, {
      watermark: hoursAgo(1),
      fullSyncAt: hoursAgo(2),
    });
    const many = Array.from({ length: 1000 }, (_, i) => qboInvoice(String(i + 1)));
    const rows = [...many, qboInvoice('1001')];
    const calls = fakeQuickBooks((call) => {
      if (call.path.endsWith('/cdc')) return cdcReply({ Invoice: many });
      const s = statementOf(call);
      const entity = /FROM (\w+)/.exec(s)![1]!;
      if (s.includes("Balance > '0'") || s.includes('Id IN')) return queryReply(entity, []);
      return queryReply(entity, entity === 'Invoice' ? pageOf(rows, s) : []);
    });
    await connector().syncOrganisation(org.id, { now });
    const count = await t.db
      .selectFrom('invoice')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1001);
    expect(calls.map(statementOf).filter((s) => s.includes('FROM Invoice WHERE Metadata')).length).toBe(2);
  });

  it('runs the daily reconciliation when the last one is a day old', async () => {
    const { org } = await connectedOrganisation(t.db, now, {
      watermark: hoursAgo(1),
      fullSyncAt: hoursAgo(25),
    });
    await seedOpenInvoices(org.id, [{ id: '5' }]);
    const calls = fakeQuickBooks((call) => {
      if (call.path.endsWith('/cdc')) return cdcReply({});
      const s = statementOf(call);
      if (s.includes('Id IN')) return queryReply('Invoice', [qboInvoice('5', { Balance: 0 })]);
      return queryReply('Invoice', []);
    });
    await connector().syncOrganisation(org.id, { now });
    expect(calls.map((c) => statementOf(c) || 'cdc')).toEqual([
      'cdc',
      "SELECT * FROM Invoice WHERE Balance > '0' STARTPOSITION 1 MAXRESULTS 1000",
      "SELECT * FROM Invoice WHERE Id IN ('5')",
    ]);
    expect(await invoice(org.id, '5')).toMatchObject({ status: 'paid' });
  });
  it('an interrupted reconciliation resumes with what it had seen: only the unlisted open invoice is re-read', async () => {
    const { org } = await connectedOrganisation(t.db, now, {
      watermark: hoursAgo(1),
      fullSyncAt: hoursAgo(25),
    });
    const listed = Array.from({ length: 1500 }, (_, i) => String(i + 1));
    await seedOpenInvoices(
      org.id,
      [...listed, '9999'].map((id) => ({ id })),
    );
    const open = listed.map((id) => qboInvoice(id, { Balance: 100 }));
    let throttleOnce = true;
    const calls = fakeQuickBooks((call) => {
      if (call.path.endsWith('/cdc')) return cdcReply({});
      const s = statementOf(call);
      if (s.includes('STARTPOSITION 1001') && throttleOnce) {
        throttleOnce = false;
        return [
          429,
          '<IntuitResponse><Fault type="SERVICE"><Error code="3001"><Message>ThrottleExceeded</Message></Error></Fault></IntuitResponse>',
          { 'content-type': 'application/xml', 'retry-after': '1' },
        ];
      }
      if (s.includes('Id IN')) return queryReply('Invoice', []);
      return queryReply('Invoice', pageOf(open, s));
    });
    expect((await connector().syncOrganisation(org.id, { now })).status).toBe('partial');
    const later = new Date(now.getTime() + 60_000);
    const resumed = await createQuickBooksConnector(testDeps(t.db, later), QBO_CONFIG, {
      pacer: testPacer(),
    }).syncOrganisation(org.id, { now: later });
    expect(resumed.status).toBe('succeeded');
    expect(calls.map(statementOf).filter((s) => s.includes('Id IN'))).toEqual([
      "SELECT * FROM Invoice WHERE Id IN ('9999')",
    ]);
    expect(await invoice(org.id, '9999')).toMatchObject({ status: 'deleted' });
    expect(await invoice(org.id, '1200')).toMatchObject({ status: 'open' });
    const seen = await sql<{ n: number }>`select count(*)::int as n from reconcile_seen`.execute(t.db);
    expect(seen.rows[0]!.n).toBe(0);
  });

  it('P8: time-ordered paging re-anchors on the latest time, so a record updated mid-paging is still read', async () => {
    const { org } = await connectedOrganisation(t.db, now, {
      watermark: hoursAgo(40 * 24),
      fullSyncAt: hoursAgo(41 * 24),
    });
    const base = Date.parse('2026-11-01T00:00:00Z');
    const rows = Array.from({ length: 1500 }, (_, i) =>
      qboInvoice(String(i + 1), { MetaData: { LastUpdatedTime: new Date(base + i * 1000).toISOString() } }),
    );
    let served = 0;
    const calls = fakeQuickBooks((call) => {
      const s = statementOf(call);
      const entity = /FROM (\w+)/.exec(s)![1]!;
      if (entity !== 'Invoice' || !s.includes('LastUpdatedTime >=')) return queryReply(entity, []);
      const since = Date.parse(/>= '([^']+)'/.exec(s)![1]!);
      const matching = rows
        .filter((r) => Date.parse((r['MetaData'] as { LastUpdatedTime: string }).LastUpdatedTime) >= since)
        .sort(
          (a, b) =>
            Date.parse((a['MetaData'] as { LastUpdatedTime: string }).LastUpdatedTime) -
            Date.parse((b['MetaData'] as { LastUpdatedTime: string }).LastUpdatedTime),
        );
      const page = pageOf(matching, s);
      if (++served === 1) {
        // Invoice 5 is paid while we page: it moves to the end of the order.
        rows[4] = qboInvoice('5', {
          Balance: 0,
          MetaData: { LastUpdatedTime: new Date(base + 2_000_000).toISOString() },
        });
      }
      return queryReply('Invoice', page);
    });
    await connector().syncOrganisation(org.id, { now });
    const invoiceQueries = calls.map(statementOf).filter((s) => s.includes('FROM Invoice WHERE Metadata'));
    expect(invoiceQueries).toHaveLength(2);
    expect(invoiceQueries[1]).toContain(`>= '2026-11-01T00:16:39Z'`);
    expect(invoiceQueries[1]).toContain('STARTPOSITION 1 ');
    const count = await t.db
      .selectFrom('invoice')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1500);
    expect(await invoice(org.id, '5')).toMatchObject({ status: 'paid' });
  });
  it('calls afterSync with the organisation and the scheduled time once the run is recorded', async () => {
    const { org } = await connectedOrganisation(t.db, now, {
      watermark: hoursAgo(1),
      fullSyncAt: hoursAgo(2),
    });
    fakeQuickBooks(() => cdcReply({}));
    const seen: [string, string, string | undefined][] = [];
    const deps = testDeps(t.db, now, {
      afterSync: async (orgId, at) => {
        const run = await t.db
          .selectFrom('sync_run')
          .select('status')
          .where('organisation_id', '=', orgId)
          .executeTakeFirst();
        seen.push([orgId, at.toISOString(), run?.status]);
      },
    });
    await createQuickBooksConnector(deps, QBO_CONFIG, { pacer: testPacer() }).syncOrganisation(org.id, {
      now,
    });
    expect(seen).toEqual([[org.id, now.toISOString(), 'succeeded']]);
  });
});
