import { sql } from 'kysely';
import type { Db } from '../server/db/connect.js';

/**
 * The daily reconciliation of open invoices (QuickBooks and Xero) lists every invoice the provider says is open,
 * then re-reads the ones we hold as open that it did not list: they were paid, voided or deleted unseen. What it
 * listed is kept in the `reconcile_seen` table, one row per invoice, so the worker's memory does not grow with
 * the book and an interrupted reconciliation resumes with what it had seen.
 */
export async function forgetSeenOpen(db: Db, organisationId: string): Promise<void> {
  await sql`delete from reconcile_seen where organisation_id = ${organisationId}`.execute(db);
}

export async function markSeenOpen(db: Db, organisationId: string, externalIds: string[]): Promise<void> {
  if (externalIds.length === 0) return;
  await sql`
    insert into reconcile_seen (organisation_id, external_id)
    select ${organisationId}, id from unnest(${externalIds}::text[]) as id
    on conflict do nothing
  `.execute(db);
}

/** Invoices we hold as open that the provider did not list as open in this reconciliation. */
export async function openNotSeen(db: Db, organisationId: string): Promise<string[]> {
  const result = await sql<{ external_id: string }>`
    select i.external_id from invoice i
    where i.organisation_id = ${organisationId} and i.status = 'open'
      and not exists (
        select 1 from reconcile_seen s
        where s.organisation_id = i.organisation_id and s.external_id = i.external_id
      )
    order by i.external_id
  `.execute(db);
  return result.rows.map((r) => r.external_id);
}
