import { type Kysely, sql } from 'kysely';

/**
 * The core schema. Frozen in time: later changes go in new migrations (kysely's advice), so this file uses
 * `Kysely<any>` and raw SQL rather than the application's types.
 *
 * Invariants the cadence relies on live here, as constraints, because several processes share this database:
 * - `touchpoint (customer_id, local_date)` unique: never two touchpoints to a customer on the same local day.
 * - `touchpoint_invoice (invoice_id, step)` unique: no invoice ever receives the same step twice.
 * - `note (idempotency_key)` unique: a retried write-back never makes a second note.
 * Money is `numeric(19,4)` (read back as strings); calendar dates are `date` (read back as 'YYYY-MM-DD').
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table workspace (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      kind text not null default 'business' check (kind in ('business', 'firm')),
      created_at timestamptz not null default now()
    );

    create table app_user (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      password_hash text,
      name text,
      locale text check (locale in ('en', 'fr')),
      created_at timestamptz not null default now()
    );
    create unique index app_user_email_uq on app_user (lower(email));

    create table membership (
      workspace_id uuid not null references workspace (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      role text not null check (role in ('owner', 'staff')),
      created_at timestamptz not null default now(),
      primary key (workspace_id, user_id)
    );
    create index membership_user_idx on membership (user_id);

    -- express-session store (connect-pg-simple's table layout).
    create table session (
      sid varchar not null primary key,
      sess json not null,
      expire timestamp(6) not null
    );
    create index session_expire_idx on session (expire);

    -- One OAuth grant. QuickBooks: one realm per grant. Xero: one grant covers every organisation picked.
    create table connection (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspace (id) on delete cascade,
      provider text not null check (provider in ('quickbooks', 'xero')),
      status text not null default 'active' check (status in ('active', 'needs_reconnect', 'disconnected')),
      -- The provider's user behind the grant (OpenID sub), to recognise a reconnect.
      subject text,
      scopes text not null default '',
      -- AES-256-GCM envelopes (server/crypto.ts); never plaintext.
      access_token_enc text,
      refresh_token_enc text,
      access_token_expires_at timestamptz,
      refresh_token_expires_at timestamptz,
      refresh_token_hard_expires_at timestamptz,
      last_refreshed_at timestamptz,
      last_error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index connection_workspace_idx on connection (workspace_id);

    create table organisation (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspace (id) on delete cascade,
      connection_id uuid references connection (id) on delete set null,
      provider text not null check (provider in ('quickbooks', 'xero')),
      -- QuickBooks realmId or Xero tenantId.
      external_id text not null,
      -- Xero's connection id (DELETE /connections/{id}); null for QuickBooks.
      provider_connection_id text,
      name text not null,
      country text,
      base_currency text not null,
      time_zone text not null,
      status text not null default 'active' check (status in ('active', 'needs_reconnect', 'disconnected')),
      status_reason text,
      connected_at timestamptz not null default now(),
      -- Sync cursors: watermarks come from the data received, never from the local clock.
      sync_watermark timestamptz,
      full_sync_completed_at timestamptz,
      last_sync_at timestamptz,
      last_reconciled_at timestamptz,
      rate_limited_until timestamptz,
      created_at timestamptz not null default now(),
      unique (workspace_id, provider, external_id)
    );
    create index organisation_connection_idx on organisation (connection_id);

    create table organisation_settings (
      organisation_id uuid primary key references organisation (id) on delete cascade,
      settings jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by uuid references app_user (id) on delete set null
    );

    create table customer (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation (id) on delete cascade,
      external_id text not null,
      name text not null,
      contact_name text,
      country text,
      currency text,
      time_zone text,
      language text check (language in ('en', 'fr')),
      active boolean not null default true,
      paused_until date,
      excluded boolean not null default false,
      remote_updated_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organisation_id, external_id)
    );

    -- Ways to reach a customer: from the books ('provider') or set by the user ('override').
    create table contact (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation (id) on delete cascade,
      customer_id uuid not null references customer (id) on delete cascade,
      kind text not null check (kind in ('email', 'phone')),
      value text not null,
      phone_type text check (phone_type in ('mobile', 'landline', 'unknown')),
      name text,
      source text not null default 'provider' check (source in ('provider', 'override')),
      is_primary boolean not null default false,
      -- Set when a channel proved the address unusable (hard bounce, Twilio 21211/21614).
      unusable_reason text,
      created_at timestamptz not null default now(),
      unique (customer_id, kind, value)
    );
    create index contact_org_idx on contact (organisation_id);

    create table invoice (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation (id) on delete cascade,
      external_id text not null,
      customer_external_id text not null,
      customer_id uuid references customer (id) on delete set null,
      number text,
      currency text not null,
      total numeric(19, 4) not null,
      -- The source's own amount due (QuickBooks Balance, Xero AmountDue), never total minus payments.
      amount_due numeric(19, 4) not null,
      issue_date date,
      due_date date,
      status text not null check (status in ('open', 'paid', 'voided', 'deleted', 'draft')),
      pay_url text,
      sync_token text,
      remote_updated_at timestamptz,
      -- Backlog rule: invoices already overdue when the books were connected are not chased unless enrolled.
      overdue_at_connect boolean not null default false,
      enrolled boolean not null default false,
      disputed boolean not null default false,
      promise_to_pay_until date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organisation_id, external_id)
    );
    create index invoice_open_due_idx on invoice (organisation_id, due_date) where status = 'open';
    create index invoice_customer_idx on invoice (organisation_id, customer_external_id);

    create table payment (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation (id) on delete cascade,
      external_id text not null,
      customer_external_id text,
      currency text not null,
      amount numeric(19, 4) not null,
      -- Credit on account left by this payment (QuickBooks UnappliedAmt, Xero overpayment remainder).
      unapplied_amount numeric(19, 4) not null default 0,
      paid_on date,
      invoice_external_ids text[] not null default '{}',
      deleted boolean not null default false,
      remote_updated_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organisation_id, external_id)
    );

    -- Credit on account: QuickBooks credit memos; Xero credit notes, overpayments and prepayments.
    create table credit (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation (id) on delete cascade,
      external_id text not null,
      kind text not null check (kind in ('credit_memo', 'credit_note', 'overpayment', 'prepayment')),
      customer_external_id text,
      currency text not null,
      total numeric(19, 4) not null,
      remaining numeric(19, 4) not null,
      issued_on date,
      voided boolean not null default false,
      remote_updated_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organisation_id, kind, external_id)
    );

    -- One message to one customer on one local day, covering one or more invoices.
    create table touchpoint (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation (id) on delete cascade,
      customer_id uuid not null references customer (id) on delete cascade,
      step integer not null check (step >= 1),
      local_date date not null,
      planned_at timestamptz not null,
      status text not null check (status in (
        'awaiting_approval', 'claimed', 'sending', 'sent', 'partially_sent', 'failed', 'unknown', 'skipped', 'cancelled'
      )),
      tone text not null,
      language text not null,
      channels text[] not null,
      claimed_by text,
      claimed_at timestamptz,
      sent_at timestamptz,
      approved_by uuid references app_user (id) on delete set null,
      detail text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (customer_id, local_date)
    );
    create index touchpoint_org_status_idx on touchpoint (organisation_id, status);

    create table touchpoint_invoice (
      touchpoint_id uuid not null references touchpoint (id) on delete cascade,
      invoice_id uuid not null references invoice (id) on delete cascade,
      organisation_id uuid not null references organisation (id) on delete cascade,
      step integer not null,
      amount_due numeric(19, 4) not null,
      currency text not null,
      primary key (touchpoint_id, invoice_id),
      unique (invoice_id, step)
    );

    create table delivery (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation (id) on delete cascade,
      touchpoint_id uuid not null references touchpoint (id) on delete cascade,
      channel text not null check (channel in ('email', 'sms', 'call', 'call_task')),
      recipient text not null,
      status text not null,
      provider_id text,
      status_history jsonb not null default '[]',
      cost numeric(19, 6),
      cost_currency text,
      error_code text,
      error_message text,
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (touchpoint_id, channel, recipient)
    );
    create index delivery_provider_idx on delivery (provider_id);

    -- A channel the customer opted out of (SMS STOP, email unsubscribe), per sender.
    create table opt_out (
      organisation_id uuid not null references organisation (id) on delete cascade,
      channel text not null check (channel in ('email', 'sms', 'call')),
      address text not null,
      sender text not null default '',
      source text not null,
      created_at timestamptz not null default now(),
      primary key (organisation_id, channel, address, sender)
    );

    -- Activity notes written back on source invoices.
    create table note (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation (id) on delete cascade,
      invoice_id uuid not null references invoice (id) on delete cascade,
      touchpoint_id uuid references touchpoint (id) on delete set null,
      idempotency_key text not null unique,
      body text not null,
      status text not null default 'pending' check (status in ('pending', 'written', 'failed')),
      external_id text,
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      last_error text,
      written_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index note_pending_idx on note (next_attempt_at) where status = 'pending';

    create table sync_run (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation (id) on delete cascade,
      kind text not null check (kind in ('full', 'incremental', 'reconcile', 'webhook')),
      status text not null default 'running' check (status in ('running', 'succeeded', 'failed', 'partial')),
      started_at timestamptz not null,
      finished_at timestamptz,
      api_calls integer not null default 0,
      counts jsonb not null default '{}',
      watermark_before timestamptz,
      watermark_after timestamptz,
      error text,
      progress jsonb
    );
    create index sync_run_org_idx on sync_run (organisation_id, started_at desc);

    -- Webhook de-duplication: the same provider event is acted on once.
    create table webhook_event (
      provider text not null,
      dedupe_key text not null,
      received_at timestamptz not null default now(),
      payload jsonb not null,
      processed_at timestamptz,
      primary key (provider, dedupe_key)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table webhook_event, sync_run, note, opt_out, delivery, touchpoint_invoice, touchpoint, credit, payment,
      invoice, contact, customer, organisation_settings, organisation, connection, session, membership, app_user,
      workspace;
  `.execute(db);
}
