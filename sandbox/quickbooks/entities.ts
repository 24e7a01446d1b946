import type { Company, CreditNote, Customer, Invoice, Payment } from '../books/types.js';
import { renderCompanyInfo, renderPreferences } from './render-company.js';
import { renderCustomer } from './render-customer.js';
import { RawJson } from '../raw-json.js';
import { renderInvoiceJson } from './render-invoice.js';
import { renderCreditMemo, renderPayment } from './render-payment.js';
import { truncateToSecond } from './time.js';

/**
 * The entities the sandbox serves, what `query` may filter and sort them on, and how each renders.
 * Field values are in comparable form: money in minor units, instants in epoch ms (whole seconds, as QBO
 * shows them), dates as 'YYYY-MM-DD'.
 */
export type FieldType = 'id' | 'string' | 'money' | 'instant' | 'date' | 'boolean';

export interface FieldDef<R> {
  type: FieldType;
  get(record: R): string | number | boolean;
}

export interface EntityDef<R> {
  name: EntityName;
  /** Every row including deleted ones, in creation order. */
  allRows(company: Company): R[];
  /** Whether `query` shows the row (deleted rows only appear in CDC). */
  isVisible(record: R): boolean;
  isDeleted(record: R): boolean;
  currency(record: R): string;
  fields: Record<string, FieldDef<R>>;
  render(company: Company, record: R, privateNote: (invoiceId: string) => string | undefined): object;
  byId(company: Company, id: string): R | undefined;
}

export type EntityName = 'Invoice' | 'Payment' | 'Customer' | 'CreditMemo' | 'CompanyInfo' | 'Preferences';

const metaFields = <R extends { createdAt: number; updatedAt: number }>(): Record<string, FieldDef<R>> => ({
  'metadata.createtime': { type: 'instant', get: (r) => truncateToSecond(r.createdAt) },
  'metadata.lastupdatedtime': { type: 'instant', get: (r) => truncateToSecond(r.updatedAt) },
});

const invoice: EntityDef<Invoice> = {
  name: 'Invoice',
  allRows: (c) => c.invoices,
  isVisible: (i) => i.status !== 'deleted',
  isDeleted: (i) => i.status === 'deleted',
  currency: (i) => i.currency,
  fields: {
    id: { type: 'id', get: (i) => i.id },
    docnumber: { type: 'string', get: (i) => i.number },
    txndate: { type: 'date', get: (i) => i.issueDate },
    duedate: { type: 'date', get: (i) => i.dueDate },
    customerref: { type: 'id', get: (i) => i.customerId },
    totalamt: { type: 'money', get: (i) => (i.status === 'voided' ? 0 : i.totalCents) },
    balance: { type: 'money', get: (i) => (i.status === 'voided' ? 0 : i.amountDueCents) },
    ...metaFields<Invoice>(),
  },
  // Written as text: query and CDC pages hold 1,000 of them (see renderInvoiceJson).
  render: (company, record, privateNote) =>
    new RawJson(renderInvoiceJson(company, record, privateNote(record.id))),
  byId: (c, id) => c.index.invoices.get(id),
};

const payment: EntityDef<Payment> = {
  name: 'Payment',
  allRows: (c) => c.payments,
  isVisible: (p) => !p.deleted,
  isDeleted: (p) => p.deleted,
  currency: (p) => p.currency,
  fields: {
    id: { type: 'id', get: (p) => p.id },
    txndate: { type: 'date', get: (p) => p.date },
    customerref: { type: 'id', get: (p) => p.customerId },
    totalamt: { type: 'money', get: (p) => p.amountCents },
    unappliedamt: { type: 'money', get: (p) => p.unappliedCents },
    ...metaFields<Payment>(),
  },
  render: (company, record) => renderPayment(company, record),
  byId: (c, id) => c.index.payments.get(id),
};

const customer: EntityDef<Customer> = {
  name: 'Customer',
  allRows: (c) => c.customers,
  isVisible: () => true,
  isDeleted: () => false,
  currency: (c) => c.currency,
  fields: {
    id: { type: 'id', get: (c) => c.id },
    displayname: { type: 'string', get: (c) => c.displayName },
    active: { type: 'boolean', get: (c) => c.active },
    ...metaFields<Customer>(),
  },
  render: (company, record) => renderCustomer(company, record),
  byId: (c, id) => c.index.customers.get(id),
};

const creditMemo: EntityDef<CreditNote> = {
  name: 'CreditMemo',
  allRows: (c) => c.creditNotes,
  isVisible: () => true,
  isDeleted: () => false,
  currency: (c) => c.currency,
  fields: {
    id: { type: 'id', get: (c) => c.id },
    docnumber: { type: 'string', get: (c) => c.number },
    txndate: { type: 'date', get: (c) => c.date },
    customerref: { type: 'id', get: (c) => c.customerId },
    totalamt: { type: 'money', get: (c) => (c.status === 'voided' ? 0 : c.totalCents) },
    balance: { type: 'money', get: (c) => (c.status === 'voided' ? 0 : c.remainingCents) },
    ...metaFields<CreditNote>(),
  },
  render: (company, record) => renderCreditMemo(company, record),
  byId: (c, id) => c.index.creditNotes.get(id),
};

/** CompanyInfo and Preferences are one-row entities; the row is the company itself. */
const companyInfo: EntityDef<Company> = {
  name: 'CompanyInfo',
  allRows: (c) => [c],
  isVisible: () => true,
  isDeleted: () => false,
  currency: (c) => c.currency,
  fields: { id: { type: 'id', get: () => '1' } },
  render: (company) => renderCompanyInfo(company),
  byId: (c, id) => (id === c.id || id === '1' ? c : undefined),
};

const preferences: EntityDef<Company> = {
  ...companyInfo,
  name: 'Preferences',
  render: (company) => renderPreferences(company),
};

export const ENTITIES = {
  invoice,
  payment,
  customer,
  creditmemo: creditMemo,
  companyinfo: companyInfo,
  preferences,
};

/** Entity lookup by name, case-insensitive as in QBO's query language and URL paths. */
export function entityByName(name: string): EntityDef<unknown> | undefined {
  return (ENTITIES as Record<string, EntityDef<unknown>>)[name.toLowerCase()];
}
