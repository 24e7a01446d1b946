import { sql, type Kysely } from 'kysely';

/**
 * The open invoices the provider listed during an organisation's daily reconciliation so far. Kept in Postgres,
 * not in the worker's memory or in `sync_run.progress`: a million-invoice book lists about as many ids, and a
 * reconciliation interrupted by a 429 resumes with what it had seen (connectors/reconcile-seen.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table reconcile_seen (
      organisation_id uuid not null references organisation (id) on delete cascade,
      external_id text not null,
      primary key (organisation_id, external_id)
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table reconcile_seen`.execute(db);
}
