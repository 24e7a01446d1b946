import { type Kysely, sql } from 'kysely';

/**
 * What the cadence runner (cadence/run) needs beyond the core schema:
 * - `touchpoint_invoice.step` becomes nullable: an invoice listed in a message without reaching a new step (it is
 *   overdue, its next step is later) is covered and gets a note, but must not use up a step. Postgres lets many
 *   NULLs coexist under `unique (invoice_id, step)`.
 * - `touchpoint.preview` holds what approve-first shows a person (and the edits they made); `approved_at` records
 *   when it was approved.
 * - `organisation.disabled_channels`: channels stopped for an account problem (SendGrid 401/403, Twilio account
 *   suspended), until someone fixes the account.
 * - Indexes the planner walks: open invoices by customer (keyset batches), unapplied credit by customer.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table touchpoint_invoice alter column step drop not null;
    alter table touchpoint add column preview jsonb;
    alter table touchpoint add column approved_at timestamptz;
    alter table organisation add column disabled_channels text[] not null default '{}';
    alter table organisation add column disabled_channels_reason text;

    create index invoice_open_customer_idx on invoice (customer_id, due_date) where status = 'open';
    create index credit_open_customer_idx on credit (organisation_id, customer_external_id)
      where not voided and remaining > 0;
    create index payment_unapplied_customer_idx on payment (organisation_id, customer_external_id)
      where not deleted and unapplied_amount > 0;
    create index touchpoint_claimed_idx on touchpoint (planned_at) where status = 'claimed';
    create index delivery_touchpoint_sending_idx on delivery (touchpoint_id) where status = 'sending';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index delivery_touchpoint_sending_idx, touchpoint_claimed_idx, payment_unapplied_customer_idx,
      credit_open_customer_idx, invoice_open_customer_idx;
    alter table organisation drop column disabled_channels_reason;
    alter table organisation drop column disabled_channels;
    alter table touchpoint drop column approved_at;
    alter table touchpoint drop column preview;
    delete from touchpoint_invoice where step is null;
    alter table touchpoint_invoice alter column step set not null;
  `.execute(db);
}
