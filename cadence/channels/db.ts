import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Db } from '../../server/db/connect.js';
import type { CalendarDate, Database } from '../../server/db/schema.js';

type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | undefined, string>;

/** migrations/2026_12_03_4001_channels.ts, as the channels module sees it. */
export interface CallDetailTable {
  delivery_id: string;
  organisation_id: string;
  touchpoint_id: string;
  business_phone: string | null;
  sms_from: string | null;
  fallback_sms: string | null;
  outcome: CallOutcome | null;
  fallback_delivery_id: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export type CallOutcome = 'human' | 'machine' | 'no_answer' | 'busy' | 'failed';
export type CallTaskOutcome = 'reached' | 'promise_to_pay' | 'dispute' | 'wrong_number' | 'no_answer';

export interface CallTaskNumber {
  number: string;
  type: 'mobile' | 'landline' | 'unknown' | null;
  name: string | null;
}

export interface CallTaskInvoice {
  invoiceId: string;
  number: string | null;
  amountDue: string;
  currency: string;
  dueDate: CalendarDate | null;
}

export interface CallTaskTable {
  id: Generated<string>;
  organisation_id: string;
  touchpoint_id: string;
  delivery_id: string | null;
  customer_id: string;
  script: string;
  numbers: Json<CallTaskNumber[]>;
  invoices: Json<CallTaskInvoice[]>;
  status: ColumnType<'open' | 'done', 'open' | 'done' | undefined>;
  outcome: CallTaskOutcome | null;
  promise_date: CalendarDate | null;
  note: string | null;
  done_by: string | null;
  done_at: Timestamp | null;
  created_at: CreatedAt;
}

export type ChannelTables = {
  call_detail: CallDetailTable;
  call_task: CallTaskTable;
};

export type ChannelDb = Kysely<Database & ChannelTables>;

/** The application's database with the channels' own tables in view. */
export function channelDb(db: Db): ChannelDb {
  return db.withTables<ChannelTables>();
}
