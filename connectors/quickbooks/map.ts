import { Decimal } from 'decimal.js';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { SyncedCredit, SyncedCustomer, SyncedInvoice, SyncedPayment } from '../types.js';
import { countryCode } from './country.js';
import type { QboCreditMemo, QboCustomer, QboInvoice, QboPayment } from './schemas.js';

/**
 * Pure mapping from QuickBooks payloads (already validated by schemas.ts) to the records connectors/store.ts
 * writes. Amounts are the decimal text QuickBooks sent, never recomputed: `Balance` is the amount due, in the
 * invoice's own currency (pitfall B15: never HomeBalance, never total minus payments).
 */
export interface MapContext {
  /** The company's home currency: QuickBooks omits CurrencyRef when multicurrency is off. */
  homeCurrency: string;
  /** ISO country of the company, the default region for phone numbers without a country prefix. */
  companyCountry: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function mapCustomer(c: QboCustomer, ctx: MapContext): SyncedCustomer {
  const country = countryCode(c.BillAddr?.Country);
  const email = c.PrimaryEmailAddr?.Address?.trim() ?? '';
  const contactName = [c.GivenName, c.FamilyName].filter((p) => p?.trim()).join(' ') || null;
  const phones: SyncedCustomer['phones'] = [];
  const addPhone = (raw: string | undefined, type: 'mobile' | 'landline') => {
    const value = normalisePhone(raw, country ?? ctx.companyCountry);
    if (value && !phones.some((p) => p.value === value)) {
      phones.push({ value, type, name: contactName, primary: phones.length === 0 });
    }
  };
  // Mobile first: it is the one that can take an SMS.
  addPhone(c.Mobile?.FreeFormNumber, 'mobile');
  addPhone(c.PrimaryPhone?.FreeFormNumber, 'landline');
  return {
    externalId: c.Id,
    name: c.DisplayName,
    contactName,
    country,
    currency: c.CurrencyRef?.value ?? null,
    active: c.Active ?? true,
    emails: EMAIL.test(email) ? [{ value: email, name: contactName, primary: true }] : [],
    phones,
    remoteUpdatedAt: lastUpdated(c),
  };
}

export function mapInvoice(i: QboInvoice, ctx: MapContext): SyncedInvoice {
  return {
    externalId: i.Id,
    number: i.DocNumber ?? null,
    customerExternalId: i.CustomerRef.value,
    currency: i.CurrencyRef?.value ?? ctx.homeCurrency,
    total: i.TotalAmt,
    amountDue: i.Balance,
    issueDate: calendarDate(i.TxnDate),
    dueDate: calendarDate(i.DueDate ?? i.TxnDate),
    status: invoiceStatus(i),
    payUrl: i.InvoiceLink ?? null,
    syncToken: i.SyncToken ?? null,
    remoteUpdatedAt: lastUpdated(i),
  };
}

/**
 * QuickBooks has no status field. A voided invoice keeps its Id but comes back zeroed with the memo "Voided"
 * (pitfall B10); a zero balance otherwise means paid (or credited to zero).
 */
export function invoiceStatus(
  i: Pick<QboInvoice, 'TotalAmt' | 'Balance' | 'PrivateNote'>,
): SyncedInvoice['status'] {
  const balanceZero = new Decimal(i.Balance).isZero();
  if (balanceZero && new Decimal(i.TotalAmt).isZero() && /\bvoided\b/i.test(i.PrivateNote ?? ''))
    return 'voided';
  return balanceZero ? 'paid' : 'open';
}

export function mapPayment(p: QboPayment, ctx: MapContext): SyncedPayment {
  const invoiceIds = new Set<string>();
  for (const line of p.Line ?? []) {
    for (const linked of line.LinkedTxn ?? []) if (linked.TxnType === 'Invoice') invoiceIds.add(linked.TxnId);
  }
  return {
    externalId: p.Id,
    customerExternalId: p.CustomerRef?.value ?? null,
    currency: p.CurrencyRef?.value ?? ctx.homeCurrency,
    amount: p.TotalAmt,
    unappliedAmount: p.UnappliedAmt ?? '0',
    paidOn: calendarDate(p.TxnDate),
    invoiceExternalIds: [...invoiceIds],
    deleted: false,
    remoteUpdatedAt: lastUpdated(p),
  };
}

export function mapCreditMemo(m: QboCreditMemo, ctx: MapContext): SyncedCredit {
  return {
    externalId: m.Id,
    kind: 'credit_memo',
    customerExternalId: m.CustomerRef?.value ?? null,
    currency: m.CurrencyRef?.value ?? ctx.homeCurrency,
    total: m.TotalAmt,
    remaining: m.RemainingCredit ?? m.Balance ?? m.TotalAmt,
    issuedOn: calendarDate(m.TxnDate),
    voided: new Decimal(m.TotalAmt).isZero() && /\bvoided\b/i.test(m.PrivateNote ?? ''),
    remoteUpdatedAt: lastUpdated(m),
  };
}

/** MetaData times carry an offset (QuickBooks answers in Pacific time); an instant is all we keep. */
export function lastUpdated(record: { MetaData?: { LastUpdatedTime: string } | undefined }): Date | null {
  const text = record.MetaData?.LastUpdatedTime;
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Dates may come as 'YYYY-MM-DD' or 'YYYY-MM-DD±HH:MM'; the calendar date is the first ten characters. */
function calendarDate(text: string | undefined): string | null {
  return text ? text.slice(0, 10) : null;
}

function normalisePhone(raw: string | undefined, country: string | null): string | null {
  const text = raw?.trim();
  if (!text) return null;
  const parsed = parsePhoneNumberFromString(text, (country ?? undefined) as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : null;
}
