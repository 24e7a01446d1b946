import { sql } from 'kysely';
import type { Db } from '../server/db/connect.js';
import type { DeletedRecord, SyncedCredit, SyncedCustomer, SyncedInvoice, SyncedPayment } from './types.js';

/**
 * Set-based, idempotent writes of synced records: one statement per page and entity (arrays passed through
 * `unnest`), whatever the page size. A row is rewritten only when something in it changed, so an incremental sync
 * of an unchanged book writes nothing. Money travels as decimal text and lands in `numeric` exactly.
 */
export interface UpsertResult {
  inserted: number;
  updated: number;
}

export async function upsertCustomers(
  db: Db,
  organisationId: string,
  rows: SyncedCustomer[],
): Promise<UpsertResult> {
  const customers = latestByExternalId(rows);
  if (customers.length === 0) return { inserted: 0, updated: 0 };
  const result = await sql<{ inserted: boolean }>`
    insert into customer as c (organisation_id, external_id, name, contact_name, country, currency, active, remote_updated_at)
    select ${organisationId}::uuid, t.* from unnest(
      ${customers.map((r) => r.externalId)}::text[],
      ${customers.map((r) => r.name)}::text[],
      ${customers.map((r) => r.contactName)}::text[],
      ${customers.map((r) => r.country)}::text[],
      ${customers.map((r) => r.currency)}::text[],
      ${customers.map((r) => r.active)}::boolean[],
      ${customers.map((r) => r.remoteUpdatedAt?.toISOString() ?? null)}::timestamptz[]
    ) as t
    on conflict (organisation_id, external_id) do update set
      name = excluded.name, contact_name = excluded.contact_name, country = excluded.country,
      currency = excluded.currency, active = excluded.active, remote_updated_at = excluded.remote_updated_at,
      updated_at = now()
    where (c.name, c.contact_name, c.country, c.currency, c.active, c.remote_updated_at)
      is distinct from (excluded.name, excluded.contact_name, excluded.country, excluded.currency, excluded.active,
        excluded.remote_updated_at)
    returning (xmax = 0) as inserted
  `.execute(db);
  await replaceProviderContacts(db, organisationId, customers);
  return countResult(result.rows);
}

/**
 * Contacts that came from the books are replaced by what the books now say; overrides set by the user and
 * "unusable" marks on addresses that are still present are kept.
 *
 * The page's customers and their contacts are found by index lookups per customer (a scalar subquery, and a
 * LATERAL subquery fenced with OFFSET 0), not by joins: in a first sync the tables grow faster than their
 * statistics, and a planner that believes `customer` and `contact` are small scans all of both for every page (a
 * 200,000-customer book went from 74 to 250 ms a page, and on).
 */
async function replaceProviderContacts(
  db: Db,
  organisationId: string,
  customers: SyncedCustomer[],
): Promise<void> {
  const points = customers.flatMap((c) => [
    ...c.emails.map((e) => ({
      ext: c.externalId,
      kind: 'email',
      value: e.value,
      type: null,
      name: e.name,
      primary: e.primary,
    })),
    ...c.phones.map((p) => ({
      ext: c.externalId,
      kind: 'phone',
      value: p.value,
      type: p.type,
      name: p.name,
      primary: p.primary,
    })),
  ]);
  await sql`
    with incoming as (
      select * from unnest(
        ${points.map((p) => p.ext)}::text[], ${points.map((p) => p.kind)}::text[], ${points.map((p) => p.value)}::text[],
        ${points.map((p) => p.type)}::text[], ${points.map((p) => p.name)}::text[], ${points.map((p) => p.primary)}::boolean[]
      ) as t(ext, kind, value, phone_type, name, is_primary)
    ),
    page as (
      select e.ext as external_id,
        (select c.id from customer c where c.organisation_id = ${organisationId} and c.external_id = e.ext) as id
      from unnest(${customers.map((c) => c.externalId)}::text[]) as e(ext)
    ),
    matched as (
      select distinct on (page.id, i.kind, i.value) page.id as customer_id, i.kind, i.value, i.phone_type, i.name, i.is_primary
      from incoming i join page on page.external_id = i.ext and page.id is not null
    ),
    removed as (
      delete from contact ct
      where ct.id = any(array(
        select old.id from page
        cross join lateral (
          select id, kind, value from contact where customer_id = page.id and source = 'provider'
          offset 0 -- keeps this a lookup per customer: not flattened into a join (see above)
        ) old
        where not exists (select 1 from matched m where m.customer_id = page.id and m.kind = old.kind and m.value = old.value)
      ))
    )
    insert into contact as ct (organisation_id, customer_id, kind, value, phone_type, name, is_primary)
    select ${organisationId}::uuid, customer_id, kind, value, phone_type, name, is_primary from matched
    on conflict (customer_id, kind, value) do update set
      phone_type = excluded.phone_type, name = excluded.name, is_primary = excluded.is_primary
    where (ct.phone_type, ct.name, ct.is_primary) is distinct from (excluded.phone_type, excluded.name, excluded.is_primary)
  `.execute(db);
}

export interface InvoiceUpsertOptions {
  /**
   * True during the first full sync after connecting: invoices already overdue then are flagged
   * `overdue_at_connect`, and the default backlog policy does not chase them.
   */
  initialSync: boolean;
  /** The organisation's local calendar date for that decision ('YYYY-MM-DD'). */
  today: string;
}

export async function upsertInvoices(
  db: Db,
  organisationId: string,
  rows: SyncedInvoice[],
  options: InvoiceUpsertOptions,
): Promise<UpsertResult> {
  const invoices = latestByExternalId(rows);
  if (invoices.length === 0) return { inserted: 0, updated: 0 };
  const result = await sql<{ inserted: boolean }>`
    insert into invoice as inv (
      organisation_id, external_id, customer_external_id, customer_id, number, currency, total, amount_due,
      issue_date, due_date, status, pay_url, sync_token, remote_updated_at, overdue_at_connect
    )
    select ${organisationId}::uuid, t.ext, t.cust,
      -- A per-row index lookup rather than a join: with a large, freshly synced customer table and stale
      -- statistics the planner otherwise picks a hash join that scans every customer for each page.
      (select c.id from customer c where c.organisation_id = ${organisationId} and c.external_id = t.cust),
      t.number, t.currency, t.total, t.amount_due,
      t.issue_date, t.due_date, t.status, t.pay_url, t.sync_token, t.remote_updated_at,
      ${options.initialSync} and t.status = 'open' and t.due_date < ${options.today}::date
    from unnest(
      ${invoices.map((r) => r.externalId)}::text[], ${invoices.map((r) => r.customerExternalId)}::text[],
      ${invoices.map((r) => r.number)}::text[], ${invoices.map((r) => r.currency)}::text[],
      ${invoices.map((r) => r.total)}::numeric[], ${invoices.map((r) => r.amountDue)}::numeric[],
      ${invoices.map((r) => r.issueDate)}::date[], ${invoices.map((r) => r.dueDate)}::date[],
      ${invoices.map((r) => r.status)}::text[], ${invoices.map((r) => r.payUrl)}::text[],
      ${invoices.map((r) => r.syncToken)}::text[],
      ${invoices.map((r) => r.remoteUpdatedAt?.toISOString() ?? null)}::timestamptz[]
    ) as t(ext, cust, number, currency, total, amount_due, issue_date, due_date, status, pay_url, sync_token, remote_updated_at)
    on conflict (organisation_id, external_id) do update set
      customer_external_id = excluded.customer_external_id,
      customer_id = coalesce(excluded.customer_id, inv.customer_id),
      number = excluded.number, currency = excluded.currency, total = excluded.total,
      amount_due = excluded.amount_due, issue_date = excluded.issue_date, due_date = excluded.due_date,
      status = excluded.status, pay_url = excluded.pay_url, sync_token = excluded.sync_token,
      remote_updated_at = excluded.remote_updated_at, updated_at = now()
    where (inv.customer_external_id, inv.customer_id, inv.number, inv.currency, inv.total, inv.amount_due,
        inv.issue_date, inv.due_date, inv.status, inv.pay_url, inv.sync_token, inv.remote_updated_at)
      is distinct from (excluded.customer_external_id, coalesce(excluded.customer_id, inv.customer_id), excluded.number,
        excluded.currency, excluded.total, excluded.amount_due, excluded.issue_date, excluded.due_date, excluded.status,
        excluded.pay_url, excluded.sync_token, excluded.remote_updated_at)
    returning (xmax = 0) as inserted
  `.execute(db);
  return countResult(result.rows);
}

export async function upsertPayments(
  db: Db,
  organisationId: string,
  rows: SyncedPayment[],
): Promise<UpsertResult> {
  const payments = latestByExternalId(rows);
  if (payments.length === 0) return { inserted: 0, updated: 0 };
  const result = await sql<{ inserted: boolean }>`
    insert into payment as p (
      organisation_id, external_id, customer_external_id, currency, amount, unapplied_amount, paid_on,
      invoice_external_ids, deleted, remote_updated_at
    )
    select ${organisationId}::uuid, t.ext, t.cust, t.currency, t.amount, t.unapplied, t.paid_on,
      coalesce(array(select jsonb_array_elements_text(t.invoices)), '{}'), t.deleted, t.remote_updated_at
    from unnest(
      ${payments.map((r) => r.externalId)}::text[], ${payments.map((r) => r.customerExternalId)}::text[],
      ${payments.map((r) => r.currency)}::text[], ${payments.map((r) => r.amount)}::numeric[],
      ${payments.map((r) => r.unappliedAmount)}::numeric[], ${payments.map((r) => r.paidOn)}::date[],
      ${payments.map((r) => JSON.stringify(r.invoiceExternalIds))}::jsonb[], ${payments.map((r) => r.deleted)}::boolean[],
      ${payments.map((r) => r.remoteUpdatedAt?.toISOString() ?? null)}::timestamptz[]
    ) as t(ext, cust, currency, amount, unapplied, paid_on, invoices, deleted, remote_updated_at)
    on conflict (organisation_id, external_id) do update set
      customer_external_id = excluded.customer_external_id, currency = excluded.currency, amount = excluded.amount,
      unapplied_amount = excluded.unapplied_amount, paid_on = excluded.paid_on,
      invoice_external_ids = excluded.invoice_external_ids, deleted = excluded.deleted,
      remote_updated_at = excluded.remote_updated_at, updated_at = now()
    where (p.customer_external_id, p.currency, p.amount, p.unapplied_amount, p.paid_on, p.invoice_external_ids,
        p.deleted, p.remote_updated_at)
      is distinct from (excluded.customer_external_id, excluded.currency, excluded.amount, excluded.unapplied_amount,
        excluded.paid_on, excluded.invoice_external_ids, excluded.deleted, excluded.remote_updated_at)
    returning (xmax = 0) as inserted
  `.execute(db);
  return countResult(result.rows);
}

export async function upsertCredits(
  db: Db,
  organisationId: string,
  rows: SyncedCredit[],
): Promise<UpsertResult> {
  const credits = latestBy(rows, (r) => `${r.kind}:${r.externalId}`);
  if (credits.length === 0) return { inserted: 0, updated: 0 };
  const result = await sql<{ inserted: boolean }>`
    insert into credit as cr (
      organisation_id, external_id, kind, customer_external_id, currency, total, remaining, issued_on, voided,
      remote_updated_at
    )
    select ${organisationId}::uuid, t.* from unnest(
      ${credits.map((r) => r.externalId)}::text[], ${credits.map((r) => r.kind)}::text[],
      ${credits.map((r) => r.customerExternalId)}::text[], ${credits.map((r) => r.currency)}::text[],
      ${credits.map((r) => r.total)}::numeric[], ${credits.map((r) => r.remaining)}::numeric[],
      ${credits.map((r) => r.issuedOn)}::date[], ${credits.map((r) => r.voided)}::boolean[],
      ${credits.map((r) => r.remoteUpdatedAt?.toISOString() ?? null)}::timestamptz[]
    ) as t
    on conflict (organisation_id, kind, external_id) do update set
      customer_external_id = excluded.customer_external_id, currency = excluded.currency, total = excluded.total,
      remaining = excluded.remaining, issued_on = excluded.issued_on, voided = excluded.voided,
      remote_updated_at = excluded.remote_updated_at, updated_at = now()
    where (cr.customer_external_id, cr.currency, cr.total, cr.remaining, cr.issued_on, cr.voided, cr.remote_updated_at)
      is distinct from (excluded.customer_external_id, excluded.currency, excluded.total, excluded.remaining,
        excluded.issued_on, excluded.voided, excluded.remote_updated_at)
    returning (xmax = 0) as inserted
  `.execute(db);
  return countResult(result.rows);
}

/** Records the source deleted: invoices leave the cadence, payments stop counting, customers become inactive. */
export async function markDeleted(db: Db, organisationId: string, records: DeletedRecord[]): Promise<number> {
  const ids = (entity: DeletedRecord['entity']) =>
    records.filter((r) => r.entity === entity).map((r) => r.externalId);
  let changed = 0;
  const run = async (query: { execute(db: Db): Promise<{ numAffectedRows?: bigint }> }) => {
    changed += Number((await query.execute(db)).numAffectedRows ?? 0n);
  };
  const invoices = ids('invoice');
  if (invoices.length > 0) {
    await run(sql`update invoice set status = 'deleted', amount_due = 0, updated_at = now()
      where organisation_id = ${organisationId} and external_id = any(${invoices}::text[]) and status <> 'deleted'`);
  }
  const payments = ids('payment');
  if (payments.length > 0) {
    await run(sql`update payment set deleted = true, updated_at = now()
      where organisation_id = ${organisationId} and external_id = any(${payments}::text[]) and not deleted`);
  }
  const customers = ids('customer');
  if (customers.length > 0) {
    await run(sql`update customer set active = false, updated_at = now()
      where organisation_id = ${organisationId} and external_id = any(${customers}::text[]) and active`);
  }
  for (const record of records) {
    if (record.entity !== 'credit') continue;
    await run(sql`update credit set voided = true, remaining = 0, updated_at = now()
      where organisation_id = ${organisationId} and kind = ${record.kind} and external_id = ${record.externalId}
        and not voided`);
  }
  return changed;
}

/** Invoices stored before their customer (a webhook for a new customer's invoice) are linked once it arrives. */
export async function linkInvoicesToCustomers(db: Db, organisationId: string): Promise<void> {
  await sql`
    update invoice i set customer_id = c.id
    from customer c
    where i.organisation_id = ${organisationId} and i.customer_id is null
      and c.organisation_id = ${organisationId} and c.external_id = i.customer_external_id
  `.execute(db);
}

function latestByExternalId<T extends { externalId: string; remoteUpdatedAt: Date | null }>(rows: T[]): T[] {
  return latestBy(rows, (r) => r.externalId);
}

/** One row per key, the most recently updated: Postgres refuses to upsert the same row twice in one statement. */
function latestBy<T extends { remoteUpdatedAt: Date | null }>(rows: T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const seen = byKey.get(key(row));
    if (!seen || (row.remoteUpdatedAt?.getTime() ?? 0) >= (seen.remoteUpdatedAt?.getTime() ?? 0))
      byKey.set(key(row), row);
  }
  return [...byKey.values()];
}

function countResult(rows: { inserted: boolean }[]): UpsertResult {
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted };
}
