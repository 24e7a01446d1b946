import type { Db } from '../../server/db/connect.js';
import type { CadenceSettings, Language, Tone } from '../settings/index.js';
import type { ChannelName } from '../channels/types.js';
import type { TouchpointMessageInput } from './messages.js';
import { loadSettings } from './settings-store.js';
import type { TouchpointPlan } from './types.js';

export interface CoveredInvoiceRow {
  id: string;
  externalId: string;
  number: string;
  currency: string;
  amountDue: string;
  dueDate: string;
  payUrl: string | null;
  /** 1-based step reached, or null when only listed. */
  step: number | null;
}

/** Everything needed to send (or preview) one touchpoint, read from the database. */
export interface TouchpointData {
  id: string;
  organisationId: string;
  provider: 'quickbooks' | 'xero';
  organisationName: string;
  timeZone: string;
  customerId: string;
  customerName: string;
  contactName: string | null;
  step: number;
  localDate: string;
  tone: Tone;
  language: Language;
  channels: ChannelName[];
  status: string;
  approved: boolean;
  plan: TouchpointPlan;
  settings: CadenceSettings;
  invoices: CoveredInvoiceRow[];
}

export async function loadTouchpointData(db: Db, touchpointId: string): Promise<TouchpointData> {
  const t = await db
    .selectFrom('touchpoint as t')
    .innerJoin('organisation as o', 'o.id', 't.organisation_id')
    .innerJoin('customer as c', 'c.id', 't.customer_id')
    .select([
      't.id',
      't.organisation_id',
      't.customer_id',
      't.step',
      't.local_date',
      't.tone',
      't.language',
      't.channels',
      't.status',
      't.approved_at',
      't.preview',
      'o.provider',
      'o.name as organisation_name',
      'o.time_zone',
      'o.country',
      'c.name as customer_name',
      'c.contact_name',
    ])
    .where('t.id', '=', touchpointId)
    .executeTakeFirstOrThrow();
  const invoices = await db
    .selectFrom('touchpoint_invoice as ti')
    .innerJoin('invoice as i', 'i.id', 'ti.invoice_id')
    .select([
      'i.id',
      'i.external_id',
      'i.number',
      'i.currency',
      'ti.amount_due',
      'i.due_date',
      'i.pay_url',
      'ti.step',
    ])
    .where('ti.touchpoint_id', '=', touchpointId)
    .orderBy('i.due_date')
    .orderBy('i.number')
    .execute();
  const settings = await loadSettings(db, [
    { id: t.organisation_id, time_zone: t.time_zone, country: t.country },
  ]);
  return {
    id: t.id,
    organisationId: t.organisation_id,
    provider: t.provider,
    organisationName: t.organisation_name,
    timeZone: t.time_zone,
    customerId: t.customer_id,
    customerName: t.customer_name,
    contactName: t.contact_name,
    step: t.step,
    localDate: t.local_date,
    tone: t.tone as Tone,
    language: t.language as Language,
    channels: t.channels as ChannelName[],
    status: t.status,
    approved: t.approved_at !== null,
    plan: (t.preview ?? {
      recipients: { emails: [], sms: null, phone: null },
      fallback: null,
    }) as TouchpointPlan,
    settings: settings.get(t.organisation_id) as CadenceSettings,
    invoices: invoices.map((i) => ({
      id: i.id,
      externalId: i.external_id,
      number: i.number ?? i.external_id,
      currency: i.currency,
      amountDue: i.amount_due,
      dueDate: i.due_date as string,
      payUrl: i.pay_url,
      step: i.step,
    })),
  };
}

export function messageInput(data: TouchpointData, invoices = data.invoices): TouchpointMessageInput {
  return {
    organisationName: data.organisationName,
    settings: data.settings,
    customerName: data.customerName,
    contactName: data.contactName,
    step: data.step,
    tone: data.tone,
    language: data.language,
    localDate: data.localDate,
    invoices,
  };
}
