import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The database as the application sees it; mirrors migrations/ (snake_case, as in SQL).
 * Types follow the pg parsers set in server/db/connect.ts: `date` → 'YYYY-MM-DD' string, `numeric` → decimal
 * string (money is never a JS float), `int8` → number, `timestamptz` → Date.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** 'YYYY-MM-DD', a calendar date in the organisation's time zone. */
export type CalendarDate = string;
/** A decimal string such as '1234.5000'; do arithmetic with decimal.js. */
export type Money = ColumnType<string, string | number, string | number>;
type Json<T> = ColumnType<T, string, string>;

export type Provider = 'quickbooks' | 'xero';
export type ConnectionStatus = 'active' | 'needs_reconnect' | 'disconnected';
export type InvoiceStatus = 'open' | 'paid' | 'voided' | 'deleted' | 'draft';
export type TouchpointStatus =
  | 'awaiting_approval'
  | 'claimed'
  | 'sending'
  | 'sent'
  | 'partially_sent'
  | 'failed'
  | 'unknown'
  | 'skipped'
  | 'cancelled';
export type DeliveryChannel = 'email' | 'sms' | 'call' | 'call_task';

export interface WorkspaceTable {
  id: Generated<string>;
  name: string;
  kind: ColumnType<'business' | 'firm', 'business' | 'firm' | undefined>;
  created_at: CreatedAt;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  password_hash: string | null;
  name: string | null;
  locale: 'en' | 'fr' | null;
  created_at: CreatedAt;
}

/** A provider identity ("Sign in with Intuit / Xero") that signs `user_id` in; (provider, subject) is unique. */
export interface UserIdentityTable {
  id: Generated<string>;
  user_id: string;
  provider: 'intuit' | 'xero';
  subject: string;
  email: string | null;
  email_verified: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  last_signed_in_at: CreatedAt;
}

export interface MembershipTable {
  workspace_id: string;
  user_id: string;
  role: 'owner' | 'staff';
  created_at: CreatedAt;
}

export interface SessionTable {
  sid: string;
  sess: unknown;
  expire: Timestamp;
}

export interface ConnectionTable {
  id: Generated<string>;
  workspace_id: string;
  provider: Provider;
  status: ColumnType<ConnectionStatus, ConnectionStatus | undefined>;
  subject: string | null;
  scopes: ColumnType<string, string | undefined>;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  access_token_expires_at: Timestamp | null;
  refresh_token_expires_at: Timestamp | null;
  refresh_token_hard_expires_at: Timestamp | null;
  last_refreshed_at: Timestamp | null;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface OrganisationTable {
  id: Generated<string>;
  workspace_id: string;
  connection_id: string | null;
  provider: Provider;
  external_id: string;
  provider_connection_id: string | null;
  name: string;
  country: string | null;
  base_currency: string;
  time_zone: string;
  status: ColumnType<ConnectionStatus, ConnectionStatus | undefined>;
  status_reason: string | null;
  connected_at: CreatedAt;
  sync_watermark: Timestamp | null;
  full_sync_completed_at: Timestamp | null;
  last_sync_at: Timestamp | null;
  last_reconciled_at: Timestamp | null;
  rate_limited_until: Timestamp | null;
  /** Channels stopped for an account problem (cadence/run); added by 2026_12_03_3001. */
  disabled_channels: ColumnType<DeliveryChannel[], DeliveryChannel[] | undefined>;
  disabled_channels_reason: string | null;
  created_at: CreatedAt;
}

export interface OrganisationSettingsTable {
  organisation_id: string;
  settings: Json<unknown>;
  updated_at: CreatedAt;
  updated_by: string | null;
}

export interface CustomerTable {
  id: Generated<string>;
  organisation_id: string;
  external_id: string;
  name: string;
  contact_name: string | null;
  country: string | null;
  currency: string | null;
  time_zone: string | null;
  language: 'en' | 'fr' | null;
  active: ColumnType<boolean, boolean | undefined>;
  paused_until: CalendarDate | null;
  excluded: ColumnType<boolean, boolean | undefined>;
  remote_updated_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ContactTable {
  id: Generated<string>;
  organisation_id: string;
  customer_id: string;
  kind: 'email' | 'phone';
  value: string;
  phone_type: 'mobile' | 'landline' | 'unknown' | null;
  name: string | null;
  source: ColumnType<'provider' | 'override', 'provider' | 'override' | undefined>;
  is_primary: ColumnType<boolean, boolean | undefined>;
  unusable_reason: string | null;
  created_at: CreatedAt;
}

export interface InvoiceTable {
  id: Generated<string>;
  organisation_id: string;
  external_id: string;
  customer_external_id: string;
  customer_id: string | null;
  number: string | null;
  currency: string;
  total: Money;
  amount_due: Money;
  issue_date: CalendarDate | null;
  due_date: CalendarDate | null;
  status: InvoiceStatus;
  pay_url: string | null;
  sync_token: string | null;
  remote_updated_at: Timestamp | null;
  overdue_at_connect: ColumnType<boolean, boolean | undefined>;
  enrolled: ColumnType<boolean, boolean | undefined>;
  disputed: ColumnType<boolean, boolean | undefined>;
  promise_to_pay_until: CalendarDate | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface PaymentTable {
  id: Generated<string>;
  organisation_id: string;
  external_id: string;
  customer_external_id: string | null;
  currency: string;
  amount: Money;
  unapplied_amount: ColumnType<string, string | number | undefined, string | number>;
  paid_on: CalendarDate | null;
  invoice_external_ids: ColumnType<string[], string[] | undefined>;
  deleted: ColumnType<boolean, boolean | undefined>;
  remote_updated_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface CreditTable {
  id: Generated<string>;
  organisation_id: string;
  external_id: string;
  kind: 'credit_memo' | 'credit_note' | 'overpayment' | 'prepayment';
  customer_external_id: string | null;
  currency: string;
  total: Money;
  remaining: Money;
  issued_on: CalendarDate | null;
  voided: ColumnType<boolean, boolean | undefined>;
  remote_updated_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface TouchpointTable {
  id: Generated<string>;
  organisation_id: string;
  customer_id: string;
  step: number;
  local_date: CalendarDate;
  planned_at: Timestamp;
  status: TouchpointStatus;
  tone: string;
  language: string;
  channels: string[];
  claimed_by: string | null;
  claimed_at: Timestamp | null;
  sent_at: Timestamp | null;
  approved_by: string | null;
  detail: string | null;
  /** Approve-first: the rendered messages shown to a person, and their edits (2026_12_03_3001). */
  preview: ColumnType<unknown, string | null | undefined, string | null>;
  approved_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface TouchpointInvoiceTable {
  touchpoint_id: string;
  invoice_id: string;
  organisation_id: string;
  /** 1-based step this invoice reached; null when it was only listed in the message (2026_12_03_3001). */
  step: number | null;
  amount_due: Money;
  currency: string;
}

export interface DeliveryTable {
  id: Generated<string>;
  organisation_id: string;
  touchpoint_id: string;
  channel: DeliveryChannel;
  recipient: string;
  status: string;
  provider_id: string | null;
  status_history: ColumnType<unknown[], string | undefined, string>;
  cost: string | null;
  cost_currency: string | null;
  error_code: string | null;
  error_message: string | null;
  attempts: ColumnType<number, number | undefined>;
  next_attempt_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface OptOutTable {
  organisation_id: string;
  channel: 'email' | 'sms' | 'call';
  address: string;
  sender: ColumnType<string, string | undefined>;
  source: string;
  created_at: CreatedAt;
}

export interface NoteTable {
  id: Generated<string>;
  organisation_id: string;
  invoice_id: string;
  touchpoint_id: string | null;
  idempotency_key: string;
  body: string;
  status: ColumnType<'pending' | 'written' | 'failed', 'pending' | 'written' | 'failed' | undefined>;
  external_id: string | null;
  attempts: ColumnType<number, number | undefined>;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  written_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SyncRunTable {
  id: Generated<string>;
  organisation_id: string;
  kind: 'full' | 'incremental' | 'reconcile' | 'webhook';
  status: ColumnType<
    'running' | 'succeeded' | 'failed' | 'partial',
    'running' | 'succeeded' | 'failed' | 'partial' | undefined
  >;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  api_calls: ColumnType<number, number | undefined>;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  watermark_before: Timestamp | null;
  watermark_after: Timestamp | null;
  error: string | null;
  progress: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface WebhookEventTable {
  provider: string;
  dedupe_key: string;
  received_at: CreatedAt;
  payload: Json<unknown>;
  processed_at: Timestamp | null;
}

export interface Database {
  workspace: WorkspaceTable;
  app_user: AppUserTable;
  user_identity: UserIdentityTable;
  membership: MembershipTable;
  session: SessionTable;
  connection: ConnectionTable;
  organisation: OrganisationTable;
  organisation_settings: OrganisationSettingsTable;
  customer: CustomerTable;
  contact: ContactTable;
  invoice: InvoiceTable;
  payment: PaymentTable;
  credit: CreditTable;
  touchpoint: TouchpointTable;
  touchpoint_invoice: TouchpointInvoiceTable;
  delivery: DeliveryTable;
  opt_out: OptOutTable;
  note: NoteTable;
  sync_run: SyncRunTable;
  webhook_event: WebhookEventTable;
}

export type InvoiceRow = Selectable<InvoiceTable>;
export type NewInvoice = Insertable<InvoiceTable>;
export type InvoicePatch = Updateable<InvoiceTable>;
export type OrganisationRow = Selectable<OrganisationTable>;
export type ConnectionRow = Selectable<ConnectionTable>;
export type CustomerRow = Selectable<CustomerTable>;
