import pino from 'pino';
import type { Db } from '../../../server/db/connect.js';
import type { Connector, RemoteInvoiceState } from '../../../connectors/types.js';
import { ConnectorError } from '../../../connectors/types.js';
import type { ChannelName, ChannelSenders, OutgoingMessage, SendOutcome } from '../../channels/types.js';
import { defaultCadenceSettings, type CadenceSettings } from '../../settings/index.js';
import { saveSettings } from '../settings-store.js';
import type { CadenceDeps } from '../types.js';
import { buildOrganisation } from '../../../test/factories.js';

// Test builders for the runner. The database is always real; the connector and senders are the two seams.

export const NZ_MOBILE_SENDER = '+64211234567';
export const NZ_CALLER = '+6493001234';

export async function seedOrganisation(
  db: Db,
  options: { settings?: Partial<CadenceSettings>; name?: string } = {},
) {
  const org = await buildOrganisation(db, {
    timeZone: 'Pacific/Auckland',
    country: 'NZ',
    baseCurrency: 'NZD',
    name: options.name ?? 'Ōtautahi Plumbing Ltd',
  });
  const settings: CadenceSettings = {
    ...defaultCadenceSettings({
      timeZone: 'Pacific/Auckland',
      country: 'NZ',
      smsFrom: NZ_MOBILE_SENDER,
      callerNumber: NZ_CALLER,
    }),
    replyTo: 'accounts@otautahi.example',
    ...options.settings,
  };
  await saveSettings(db, org.id, settings, null, new Date('2026-01-01T00:00:00Z'));
  return { org, settings };
}

export async function seedCustomer(
  db: Db,
  organisationId: string,
  options: { name?: string; email?: string | null; mobile?: string | null; externalId?: string } = {},
) {
  const customer = await db
    .insertInto('customer')
    .values({
      organisation_id: organisationId,
      external_id: options.externalId ?? `C-${Math.random().toString(36).slice(2, 10)}`,
      name: options.name ?? 'Kōwhai Café',
      contact_name: 'Aroha',
      country: 'NZ',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const contacts = [
    options.email !== null && {
      kind: 'email' as const,
      value: options.email ?? 'jo@kowhai.example',
      phone_type: null,
    },
    options.mobile !== null && {
      kind: 'phone' as const,
      value: options.mobile ?? '+64 21 555 0567',
      phone_type: 'mobile' as const,
    },
  ].filter((c) => c !== false);
  if (contacts.length > 0) {
    await db
      .insertInto('contact')
      .values(contacts.map((c) => ({ ...c, organisation_id: organisationId, customer_id: customer.id })))
      .execute();
  }
  return customer;
}

export async function seedInvoice(
  db: Db,
  customer: { id: string; organisation_id: string; external_id: string },
  options: { number: string; dueDate: string; amountDue?: string; currency?: string },
) {
  return db
    .insertInto('invoice')
    .values({
      organisation_id: customer.organisation_id,
      external_id: `ext-${options.number}`,
      customer_external_id: customer.external_id,
      customer_id: customer.id,
      number: options.number,
      currency: options.currency ?? 'NZD',
      total: options.amountDue ?? '100.00',
      amount_due: options.amountDue ?? '100.00',
      due_date: options.dueDate,
      status: 'open',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A connector whose "source" is the local invoice table, with knobs for what the source says differently. */
export function sourceConnector(db: Db) {
  const paidAtSource = new Set<string>();
  const notes: { invoiceExternalId: string; text: string; key: string }[] = [];
  const writtenKeys = new Set<string>();
  let noteFailures = 0;
  const connector: Connector = {
    provider: 'quickbooks',
    syncOrganisation: () => Promise.reject(new Error('not used by the cadence')),
    async fetchInvoiceState(organisationId, externalId): Promise<RemoteInvoiceState> {
      const row = await db
        .selectFrom('invoice')
        .select(['status', 'amount_due', 'currency'])
        .where('organisation_id', '=', organisationId)
        .where('external_id', '=', externalId)
        .executeTakeFirst();
      if (!row) throw new ConnectorError('quickbooks', 'not_found', 'no such invoice');
      if (paidAtSource.has(externalId)) return { status: 'paid', amountDue: '0.00', currency: row.currency };
      return { status: row.status, amountDue: row.amount_due, currency: row.currency };
    },
    addInvoiceNote(_organisationId, invoiceExternalId, text, key) {
      if (noteFailures > 0) {
        noteFailures -= 1;
        return Promise.reject(new ConnectorError('quickbooks', 'transient', 'HTTP 503 from the books'));
      }
      // Idempotent on the key, as the real connectors are.
      if (!writtenKeys.has(key)) notes.push({ invoiceExternalId, text, key });
      writtenKeys.add(key);
      return Promise.resolve({ externalId: `note-${key}` });
    },
  };
  return {
    connector,
    notes,
    payAtSource: (externalId: string) => paidAtSource.add(externalId),
    failNextNotes: (n: number) => (noteFailures = n),
  };
}

export interface SentRecord {
  channel: ChannelName;
  to: string;
  touchpointId: string;
  message: OutgoingMessage;
}

/** Senders that record every message and answer like a provider that accepted it. */
export function recordingSenders(
  answer: (message: OutgoingMessage) => SendOutcome | Promise<SendOutcome> = (m) => ({
    status: 'accepted',
    providerId: `prov-${m.deliveryId}`,
  }),
): { senders: ChannelSenders; sent: SentRecord[] } {
  const sent: SentRecord[] = [];
  const make = <C extends ChannelName>(channel: C) => ({
    channel,
    send: (message: OutgoingMessage<C>) => {
      sent.push({
        channel,
        to: message.to,
        touchpointId: message.touchpointId,
        message: message,
      });
      return Promise.resolve(answer(message as OutgoingMessage));
    },
  });
  return {
    sent,
    senders: { email: make('email'), sms: make('sms'), call: make('call'), call_task: make('call_task') },
  };
}

export function testDeps(
  db: Db,
  connector: Connector,
  senders: ChannelSenders,
  workerId = 'test',
): CadenceDeps {
  return {
    db,
    log: pino({ level: 'silent' }),
    connectors: { quickbooks: connector },
    senders,
    now: () => new Date('2026-12-01T00:00:00Z'),
    workerId,
  };
}
