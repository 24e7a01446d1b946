import { type Kysely, sql } from 'kysely';

/**
 * Indexes behind the signed-in pages (issue 8: every page under 100 ms at 10,000 invoices), each found with
 * EXPLAIN ANALYZE on bench/pages.ts's seeded book, where the page's query scanned a whole table:
 * - `invoice_open_due_cover_idx` replaces `invoice_open_due_idx` (same keys, so every query that used it still
 *   can) and carries id, currency and amount due: the portfolio's overdue totals and step counts, and the
 *   dashboard's page of overdue invoices, read the index alone (index-only scan) instead of the table's rows.
 * - `invoice_backlog_idx`: the settings page's count of overdue invoices left out by the backlog rule.
 * - `note_invoice_idx` (invoice page), `note_touchpoint_idx` (dashboard's recent touchpoints), `note_failed_idx`
 *   (portfolio's "notes failing" count): `note` had no index but its idempotency key and the pending queue.
 * - `touchpoint_recent_idx`: the dashboard's latest touchpoints, newest first.
 * - `payment_invoice_ids_idx`: payments applied to one invoice (the invoice page), a containment test on an array.
 * - `customer_name_idx`: the customers page lists an organisation's customers by name, a page at a time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index invoice_open_due_cover_idx on invoice (organisation_id, due_date)
      include (currency, amount_due, id) where status = 'open';
    drop index invoice_open_due_idx;
    create index invoice_backlog_idx on invoice (organisation_id, due_date)
      where status = 'open' and overdue_at_connect and not enrolled;
    create index note_invoice_idx on note (invoice_id);
    create index note_touchpoint_idx on note (touchpoint_id);
    create index note_failed_idx on note (organisation_id) where status = 'failed';
    create index touchpoint_recent_idx on touchpoint (organisation_id, created_at, id);
    create index payment_invoice_ids_idx on payment using gin (invoice_external_ids);
    create index customer_name_idx on customer (organisation_id, name, id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index customer_name_idx, payment_invoice_ids_idx, touchpoint_recent_idx, note_failed_idx,
      note_touchpoint_idx, note_invoice_idx, invoice_backlog_idx;
    create index invoice_open_due_idx on invoice (organisation_id, due_date) where status = 'open';
    drop index invoice_open_due_cover_idx;
  `.execute(db);
}
