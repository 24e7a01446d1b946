import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/db.js';
import { buildOrganisation } from '../test/factories.js';
import { markDeleted, upsertCustomers, upsertInvoices, upsertPayments } from './store.js';
import type { SyncedCustomer, SyncedInvoice } from './types.js';

const t = useTestDatabase();

const customer = (over: Partial<SyncedCustomer> = {}): SyncedCustomer => ({
  externalId: 'C1',
  name: 'Zoë Æbelø',
  contactName: 'Zoë',
  country: 'NZ',
  currency: 'NZD',
  active: true,
  emails: [{ value: 'zoe@example.co.nz', name: null, primary: true }],
  phones: [{ value: '+64211234567', type: 'mobile', name: null, primary: true }],
  remoteUpdatedAt: new Date('2026-11-01T00:00:00Z'),
  ...over,
});

const invoice = (over: Partial<SyncedInvoice> = {}): SyncedInvoice => ({
  externalId: 'I1',
  number: '1001',
  customerExternalId: 'C1',
  currency: 'NZD',
  total: '1234.56',
  amountDue: '1234.56',
  issueDate: '2026-10-01',
  dueDate: '2026-10-31',
  status: 'open',
  payUrl: null,
  syncToken: '0',
  remoteUpdatedAt: new Date('2026-11-01T00:00:00Z'),
  ...over,
});

describe('set-based upserts', () => {
  it('writes a page once and rewrites nothing when the same page arrives again', async () => {
    const org = await buildOrganisation(t.db, { provider: 'xero' });
    await upsertCustomers(t.db, org.id, [customer()]);
    const invoices = Array.from({ length: 1000 }, (_, i) =>
      invoice({ externalId: `I${i}`, number: `${1000 + i}` }),
    );
    const options = { initialSync: true, today: '2026-11-15' };

    expect(await upsertInvoices(t.db, org.id, invoices, options)).toEqual({ inserted: 1000, updated: 0 });
    expect(await upsertInvoices(t.db, org.id, invoices, options)).toEqual({ inserted: 0, updated: 0 });

    const stored = await t.db
      .selectFrom('invoice')
      .select(['amount_due', 'customer_id', 'overdue_at_connect'])
      .where('external_id', '=', 'I7')
      .executeTakeFirstOrThrow();
    expect(stored.amount_due).toBe('1234.5600');
    expect(stored.customer_id).not.toBeNull();
    expect(stored.overdue_at_connect).toBe(true);
  });

  it('updates only what changed, and keeps the backlog flag from the first sync', async () => {
    const org = await buildOrganisation(t.db);
    await upsertInvoices(t.db, org.id, [invoice()], { initialSync: true, today: '2026-11-15' });
    const partial = invoice({ amountDue: '234.56', remoteUpdatedAt: new Date('2026-11-20T00:00:00Z') });
    expect(
      await upsertInvoices(t.db, org.id, [partial], { initialSync: false, today: '2026-11-20' }),
    ).toEqual({
      inserted: 0,
      updated: 1,
    });
    const row = await t.db
      .selectFrom('invoice')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect([row.amount_due, row.total, row.overdue_at_connect]).toEqual(['234.5600', '1234.5600', true]);
  });

  it('replaces provider contacts and keeps the user overrides', async () => {
    const org = await buildOrganisation(t.db);
    await upsertCustomers(t.db, org.id, [customer()]);
    const c = await t.db
      .selectFrom('customer')
      .select('id')
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('contact')
      .values({
        organisation_id: org.id,
        customer_id: c.id,
        kind: 'email',
        value: 'ap@example.com',
        source: 'override',
      })
      .execute();
    await upsertCustomers(t.db, org.id, [
      customer({
        emails: [{ value: 'accounts@example.co.nz', name: 'Accounts', primary: true }],
        phones: [],
      }),
    ]);
    const contacts = await t.db
      .selectFrom('contact')
      .select(['value', 'source'])
      .where('customer_id', '=', c.id)
      .orderBy('value')
      .execute();
    expect(contacts).toEqual([
      { value: 'accounts@example.co.nz', source: 'provider' },
      { value: 'ap@example.com', source: 'override' },
    ]);
  });

  it('marks deleted invoices and payments', async () => {
    const org = await buildOrganisation(t.db);
    await upsertInvoices(t.db, org.id, [invoice()], { initialSync: false, today: '2026-11-15' });
    await upsertPayments(t.db, org.id, [
      {
        externalId: 'P1',
        customerExternalId: 'C1',
        currency: 'NZD',
        amount: '10',
        unappliedAmount: '0',
        paidOn: '2026-11-02',
        invoiceExternalIds: ['I1'],
        deleted: false,
        remoteUpdatedAt: null,
      },
    ]);
    expect(
      await markDeleted(t.db, org.id, [
        { entity: 'invoice', externalId: 'I1' },
        { entity: 'payment', externalId: 'P1' },
      ]),
    ).toBe(2);
    const inv = await t.db
      .selectFrom('invoice')
      .select(['status', 'amount_due'])
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(inv).toEqual({ status: 'deleted', amount_due: '0.0000' });
    const pay = await t.db
      .selectFrom('payment')
      .select(['deleted', 'invoice_external_ids'])
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(pay).toEqual({ deleted: true, invoice_external_ids: ['I1'] });
  });
});
