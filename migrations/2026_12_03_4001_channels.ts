import { type Kysely, sql } from 'kysely';

/**
 * Tables the channels need beyond `delivery` (issue 7). Frozen in time, like every migration.
 * - `call_detail`: what an automated call's callbacks need later — the business's number for "press 1", the
 *   step's fallback SMS, the outcome — keyed by the call's delivery.
 * - `call_task`: a call for a person to make, with the script, numbers and invoices as they were when the step
 *   ran. One per touchpoint, so a retried step never creates a second task.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table call_detail (
      delivery_id uuid primary key references delivery (id) on delete cascade,
      organisation_id uuid not null references organisation (id) on delete cascade,
      touchpoint_id uuid not null references touchpoint (id) on delete cascade,
      business_phone text,
      sms_from text,
      fallback_sms text,
      outcome text check (outcome in ('human', 'machine', 'no_answer', 'busy', 'failed')),
      fallback_delivery_id uuid references delivery (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index call_detail_org_idx on call_detail (organisation_id);

    create table call_task (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation (id) on delete cascade,
      touchpoint_id uuid not null references touchpoint (id) on delete cascade,
      delivery_id uuid references delivery (id) on delete set null,
      customer_id uuid not null references customer (id) on delete cascade,
      script text not null,
      numbers jsonb not null default '[]',
      invoices jsonb not null default '[]',
      status text not null default 'open' check (status in ('open', 'done')),
      outcome text check (outcome in ('reached', 'promise_to_pay', 'dispute', 'wrong_number', 'no_answer')),
      promise_date date,
      note text,
      done_by uuid references app_user (id) on delete set null,
      done_at timestamptz,
      created_at timestamptz not null default now(),
      unique (touchpoint_id),
      check ((status = 'done') = (outcome is not null)),
      check (outcome is distinct from 'promise_to_pay' or promise_date is not null)
    );
    create index call_task_open_idx on call_task (organisation_id, created_at) where status = 'open';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table call_task, call_detail`.execute(db);
}
