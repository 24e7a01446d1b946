import type { Logger } from '../../server/log.js';
import type { InvoiceStatus } from '../../server/db/schema.js';
import type { SyncedCredit, SyncedInvoice, SyncedPayment } from '../types.js';
import { xeroCalendarDate, xeroInstant } from './dates.js';
import { xeroAmount } from './money.js';
import { enumText } from './enum-text.js';

export { mapContact, type XeroContactLike } from './map-contact.js';

/**
 * Pure mapping of Xero records to the connector's Synced* shapes. Input types list only the fields read, so
 * xero-node models, records picked from Xero's JSON (wire.ts) and plain fixtures all fit; enum fields arrive at run
 * time as Xero's strings, amounts as JSON numbers.
 */
interface ContactRef {
  contactID?: string;
}

export interface XeroInvoiceLike {
  invoiceID?: string;
  invoiceNumber?: string;
  type?: unknown;
  status?: unknown;
  contact?: ContactRef;
  currencyCode?: unknown;
  total?: unknown;
  amountDue?: unknown;
  date?: unknown;
  dueDate?: unknown;
  url?: string;
  updatedDateUTC?: unknown;
}

/** Xero's statuses as Dunwise's. SUBMITTED is awaiting approval: not yet a debt anyone should chase. */
export function invoiceStatus(xeroStatus: unknown): InvoiceStatus {
  switch (enumText(xeroStatus)) {
    case 'AUTHORISED':
      return 'open';
    case 'PAID':
      return 'paid';
    case 'VOIDED':
      return 'voided';
    case 'DELETED':
      return 'deleted';
    case 'DRAFT':
    case 'SUBMITTED':
      return 'draft';
    default:
      throw new Error(`unknown invoice status ${String(xeroStatus)}`);
  }
}

/** The amount due is always Xero's AmountDue (it already nets payments, credit notes, over/prepayments). */
export function mapInvoice(invoice: XeroInvoiceLike): SyncedInvoice {
  if (!invoice.invoiceID) throw new Error('invoice without InvoiceID');
  if (!invoice.contact?.contactID) throw new Error(`invoice ${invoice.invoiceID} without a contact`);
  if (!enumText(invoice.currencyCode)) throw new Error(`invoice ${invoice.invoiceID} without a currency`);
  const status = invoiceStatus(invoice.status);
  return {
    externalId: invoice.invoiceID,
    number: invoice.invoiceNumber?.trim() || null,
    customerExternalId: invoice.contact.contactID,
    currency: enumText(invoice.currencyCode),
    total: xeroAmount(invoice.total),
    // Voided and deleted invoices owe nothing, whatever the record still says (B10).
    amountDue: status === 'voided' || status === 'deleted' ? '0' : xeroAmount(invoice.amountDue),
    issueDate: xeroCalendarDate(invoice.date),
    dueDate: xeroCalendarDate(invoice.dueDate),
    status,
    payUrl: invoice.url?.trim() || null,
    syncToken: null,
    remoteUpdatedAt: xeroInstant(invoice.updatedDateUTC),
  };
}

export interface XeroPaymentLike {
  paymentID?: string;
  status?: unknown;
  paymentType?: unknown;
  amount?: unknown;
  date?: unknown;
  invoice?: { invoiceID?: string; type?: unknown; contact?: ContactRef; currencyCode?: unknown };
  updatedDateUTC?: unknown;
}

/** Only money received against sales invoices matters here; bill payments (ACCPAY…) are not Dunwise's. */
export function isReceivablePayment(payment: XeroPaymentLike): boolean {
  const type = enumText(payment.paymentType);
  return type === 'ACCRECPAYMENT' || (type === '' && enumText(payment.invoice?.type) === 'ACCREC');
}

export function mapPayment(payment: XeroPaymentLike): SyncedPayment {
  if (!payment.paymentID) throw new Error('payment without PaymentID');
  const currency = enumText(payment.invoice?.currencyCode);
  if (!currency) throw new Error(`payment ${payment.paymentID} without a currency`);
  return {
    externalId: payment.paymentID,
    customerExternalId: payment.invoice?.contact?.contactID ?? null,
    currency,
    amount: xeroAmount(payment.amount),
    // A Xero payment is always applied in full to one invoice; credit on account is an overpayment.
    unappliedAmount: '0',
    paidOn: xeroCalendarDate(payment.date),
    invoiceExternalIds: payment.invoice?.invoiceID ? [payment.invoice.invoiceID] : [],
    deleted: enumText(payment.status) === 'DELETED',
    remoteUpdatedAt: xeroInstant(payment.updatedDateUTC),
  };
}

/** Credit notes, overpayments and prepayments share the fields the cadence needs: who, how much is left. */
export interface XeroCreditLike {
  creditNoteID?: string;
  overpaymentID?: string;
  prepaymentID?: string;
  type?: unknown;
  status?: unknown;
  contact?: ContactRef;
  currencyCode?: unknown;
  total?: unknown;
  remainingCredit?: unknown;
  date?: unknown;
  updatedDateUTC?: unknown;
}

const CREDIT_ID = {
  credit_note: 'creditNoteID',
  overpayment: 'overpaymentID',
  prepayment: 'prepaymentID',
} as const;

/** Customer-side credits only: ACCRECCREDIT notes, RECEIVE-OVERPAYMENT and RECEIVE-PREPAYMENT. */
export function isReceivableCredit(credit: XeroCreditLike): boolean {
  const type = enumText(credit.type);
  return type === 'ACCRECCREDIT' || type.startsWith('RECEIVE') || type.startsWith('AR');
}

export function mapCredit(kind: keyof typeof CREDIT_ID, credit: XeroCreditLike): SyncedCredit {
  const id = credit[CREDIT_ID[kind]];
  if (!id) throw new Error(`${kind} without an id`);
  if (!enumText(credit.currencyCode)) throw new Error(`${kind} ${id} without a currency`);
  const status = enumText(credit.status);
  const voided = status === 'VOIDED' || status === 'DELETED';
  return {
    externalId: id,
    kind,
    customerExternalId: credit.contact?.contactID ?? null,
    currency: enumText(credit.currencyCode),
    total: xeroAmount(credit.total),
    // Only AUTHORISED credit can still be applied; a DRAFT note is not credit yet.
    remaining:
      voided || status === 'DRAFT' || status === 'SUBMITTED' ? '0' : xeroAmount(credit.remainingCredit),
    issuedOn: xeroCalendarDate(credit.date),
    voided,
    remoteUpdatedAt: xeroInstant(credit.updatedDateUTC),
  };
}

/** Maps a page, skipping (and logging) the records that cannot be mapped so the rest of the page lands. */
export function mapEach<T, R>(
  log: Logger,
  entity: string,
  records: readonly T[],
  map: (record: T) => R,
): { rows: R[]; skipped: number } {
  const rows: R[] = [];
  let skipped = 0;
  for (const record of records) {
    try {
      rows.push(map(record));
    } catch (error) {
      skipped += 1;
      log.warn({ entity, err: error }, 'xero record skipped: cannot be mapped');
    }
  }
  return { rows, skipped };
}
