import { exchangeRate } from './catalog.js';
import { BooksError } from './books-error.js';
import { nextRecordId } from './record-id.js';
import type { Company, CreditNote, Customer, Invoice, Payment } from './types.js';

/**
 * Record builders shared by the demo books and the world mutators. They keep the books consistent and the
 * index up to date, but emit nothing: callers that change a live world go through `mutate.ts`, which also
 * calls `world.touch`. `at` is the sandbox instant the record is created at.
 */
export interface NewCustomer {
  displayName: string;
  contactName?: string | null;
  email?: string | null;
  mobile?: string | null;
  landline?: string | null;
  country?: string;
  currency?: string;
}

export function buildCustomer(company: Company, init: NewCustomer, at: number): Customer {
  const customer: Customer = {
    id: nextRecordId(company),
    displayName: init.displayName,
    contactName: init.contactName ?? null,
    email: init.email ?? null,
    mobile: init.mobile ?? null,
    landline: init.landline ?? null,
    country: init.country ?? company.country,
    currency: init.currency ?? company.currency,
    active: true,
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  company.customers.push(customer);
  company.index.customers.set(customer.id, customer);
  return customer;
}

export interface NewInvoice {
  customerId: string;
  issueDate: string;
  dueDate: string;
  terms?: string;
  lines: { description: string; quantity: number; unitAmountCents: number }[];
  number?: string;
}

export function buildInvoice(company: Company, init: NewInvoice, at: number): Invoice {
  const customer = company.index.customers.get(init.customerId);
  if (!customer) throw new BooksError('not_found', `No customer ${init.customerId} in ${company.id}`);
  if (init.lines.length === 0) throw new BooksError('invalid_input', 'An invoice needs at least one line');
  if (init.dueDate < init.issueDate) throw new BooksError('invalid_input', 'dueDate is before issueDate');
  const lines = init.lines.map((l) => {
    if (!Number.isInteger(l.unitAmountCents) || !Number.isInteger(l.quantity) || l.quantity < 1) {
      throw new BooksError(
        'invalid_amount',
        'Line quantity and unitAmountCents must be integers, quantity ≥ 1',
      );
    }
    return { ...l, amountCents: l.quantity * l.unitAmountCents };
  });
  const totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  if (totalCents <= 0) throw new BooksError('invalid_amount', 'Invoice total must be positive');
  const serial = company.invoices.length + 1;
  const invoice: Invoice = {
    id: nextRecordId(company),
    number:
      init.number ??
      (company.provider === 'quickbooks' ? String(1000 + serial) : `INV-${String(serial).padStart(4, '0')}`),
    customerId: customer.id,
    currency: customer.currency,
    exchangeRate: exchangeRate(customer.currency, company.currency),
    issueDate: init.issueDate,
    dueDate: init.dueDate,
    terms: init.terms ?? 'Net 30',
    lines,
    totalCents,
    amountDueCents: totalCents,
    status: 'open',
    payUrl: null,
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  company.invoices.push(invoice);
  company.index.invoices.set(invoice.id, invoice);
  return invoice;
}

export function findInvoice(company: Company, invoiceId: string): Invoice {
  const invoice = company.index.invoices.get(invoiceId);
  if (!invoice) throw new BooksError('not_found', `No invoice ${invoiceId} in ${company.id}`);
  return invoice;
}

function applyToInvoice(invoice: Invoice, amountCents: number): void {
  if (invoice.status !== 'open')
    throw new BooksError('invalid_state', `Invoice ${invoice.id} is ${invoice.status}`);
  if (!Number.isInteger(amountCents) || amountCents <= 0 || amountCents > invoice.amountDueCents) {
    throw new BooksError('invalid_amount', `Amount must be whole cents from 1 to ${invoice.amountDueCents}`);
  }
  invoice.amountDueCents -= amountCents;
  if (invoice.amountDueCents === 0) invoice.status = 'paid';
}

/** A payment applied to one invoice; `amountCents` defaults to the full amount due. */
export function buildPayment(
  company: Company,
  init: { invoiceId: string; amountCents?: number; date: string },
  at: number,
): { payment: Payment; invoice: Invoice } {
  const invoice = findInvoice(company, init.invoiceId);
  const amountCents = init.amountCents ?? invoice.amountDueCents;
  applyToInvoice(invoice, amountCents);
  const payment: Payment = {
    id: nextRecordId(company),
    customerId: invoice.customerId,
    currency: invoice.currency,
    date: init.date,
    amountCents,
    applications: [{ invoiceId: invoice.id, amountCents }],
    unappliedCents: 0,
    deleted: false,
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  company.payments.push(payment);
  company.index.payments.set(payment.id, payment);
  return { payment, invoice };
}

/** A credit note for a customer, left as credit on account: apply it with `applyCreditNote`. */
export function buildCreditNote(
  company: Company,
  init: { customerId: string; amountCents: number; date: string },
  at: number,
): CreditNote {
  const customer = company.index.customers.get(init.customerId);
  if (!customer) throw new BooksError('not_found', `No customer ${init.customerId} in ${company.id}`);
  if (!Number.isInteger(init.amountCents) || init.amountCents <= 0) {
    throw new BooksError('invalid_amount', 'Credit amount must be positive whole cents');
  }
  const serial = company.creditNotes.length + 1;
  const note: CreditNote = {
    id: nextRecordId(company),
    number: company.provider === 'quickbooks' ? `CM-${serial}` : `CN-${String(serial).padStart(4, '0')}`,
    customerId: customer.id,
    currency: customer.currency,
    date: init.date,
    totalCents: init.amountCents,
    applications: [],
    remainingCents: init.amountCents,
    status: 'open',
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  company.creditNotes.push(note);
  company.index.creditNotes.set(note.id, note);
  return note;
}

/** Applies remaining credit to an open invoice of the same customer and currency. */
export function applyCreditNote(
  company: Company,
  init: { creditNoteId: string; invoiceId: string; amountCents?: number },
): { note: CreditNote; invoice: Invoice } {
  const note = company.index.creditNotes.get(init.creditNoteId);
  if (!note) throw new BooksError('not_found', `No credit note ${init.creditNoteId} in ${company.id}`);
  const invoice = findInvoice(company, init.invoiceId);
  if (note.status === 'voided') throw new BooksError('invalid_state', `Credit note ${note.id} is voided`);
  if (note.customerId !== invoice.customerId || note.currency !== invoice.currency) {
    throw new BooksError(
      'invalid_input',
      'Credit note and invoice belong to different customers or currencies',
    );
  }
  const amountCents = init.amountCents ?? Math.min(note.remainingCents, invoice.amountDueCents);
  if (amountCents > note.remainingCents) {
    throw new BooksError('invalid_amount', `Only ${note.remainingCents} cents of credit remain`);
  }
  applyToInvoice(invoice, amountCents);
  note.applications.push({ invoiceId: invoice.id, amountCents });
  note.remainingCents -= amountCents;
  if (note.remainingCents === 0) note.status = 'applied';
  return { note, invoice };
}
