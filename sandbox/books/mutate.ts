import { DateTime } from 'luxon';
import type { SandboxWorld } from '../world.js';
import { BooksError } from './books-error.js';
import { addDays } from './calendar.js';
import {
  applyCreditNote,
  buildCreditNote,
  buildInvoice,
  buildPayment,
  findInvoice,
  type NewInvoice,
} from './build.js';
import type { Company, CreditNote, Invoice, Payment } from './types.js';

/**
 * Changes to live books, as a user of QuickBooks or Xero would make them in the web app. Each keeps the
 * amountDue invariant (see `checkBooks`) and calls `world.touch` so that updatedAt, version (SyncToken) and the
 * provider webhooks follow. Failures throw `BooksError`.
 */

/** Today in the company's zone by the sandbox clock: the date a user would put on a payment. */
export function companyToday(world: SandboxWorld, company: Company): string {
  return DateTime.fromMillis(world.now(), { zone: company.timeZone }).toISODate() ?? '1970-01-01';
}

export function findCompany(world: SandboxWorld, companyId: string): Company {
  const company = world.company(companyId);
  if (!company) throw new BooksError('not_found', `No company ${companyId}`);
  return company;
}

/** Records a payment against an invoice (all that is due by default); the invoice becomes paid at 0. */
export function payInvoice(
  world: SandboxWorld,
  company: Company,
  invoiceId: string,
  amountCents?: number,
): Payment {
  const { payment, invoice } = buildPayment(
    company,
    { invoiceId, date: companyToday(world, company), ...(amountCents === undefined ? {} : { amountCents }) },
    world.now(),
  );
  world.touch(company, 'Payment', payment, 'Create');
  world.touch(company, 'Invoice', invoice, 'Update');
  return payment;
}

/**
 * Voids an invoice. Payments and credits applied to it are released, as QuickBooks does: the payment's money
 * becomes unapplied credit on account, the credit note's credit becomes available again.
 */
export function voidInvoice(world: SandboxWorld, company: Company, invoiceId: string): Invoice {
  return retire(world, company, invoiceId, 'voided');
}

/** Deletes an invoice. It stays in the books with status 'deleted' so change feeds can report the deletion. */
export function deleteInvoice(world: SandboxWorld, company: Company, invoiceId: string): Invoice {
  return retire(world, company, invoiceId, 'deleted');
}

function retire(
  world: SandboxWorld,
  company: Company,
  invoiceId: string,
  status: 'voided' | 'deleted',
): Invoice {
  const invoice = findInvoice(company, invoiceId);
  if (invoice.status === 'voided' || invoice.status === 'deleted') {
    throw new BooksError('invalid_state', `Invoice ${invoice.id} is already ${invoice.status}`);
  }
  for (const payment of company.payments) {
    if (payment.deleted) continue;
    const released = release(payment.applications, invoice.id);
    if (released === 0) continue;
    payment.unappliedCents += released;
    world.touch(company, 'Payment', payment, 'Update');
  }
  for (const note of company.creditNotes) {
    if (note.status === 'voided') continue;
    const released = release(note.applications, invoice.id);
    if (released === 0) continue;
    note.remainingCents += released;
    note.status = 'open';
    world.touch(company, 'CreditMemo', note, 'Update');
  }
  invoice.status = status;
  invoice.amountDueCents = 0;
  world.touch(company, 'Invoice', invoice, status === 'voided' ? 'Void' : 'Delete');
  return invoice;
}

/** Removes the applications to one invoice from a list, returning how much they were for. */
function release(applications: Payment['applications'], invoiceId: string): number {
  let released = 0;
  for (let i = applications.length - 1; i >= 0; i--) {
    const application = applications[i]!;
    if (application.invoiceId !== invoiceId) continue;
    released += application.amountCents;
    applications.splice(i, 1);
  }
  return released;
}

/** Deletes a payment: every invoice it paid is owed that amount again and reopens if it was paid. */
export function deletePayment(world: SandboxWorld, company: Company, paymentId: string): Payment {
  const payment = company.index.payments.get(paymentId);
  if (!payment) throw new BooksError('not_found', `No payment ${paymentId} in ${company.id}`);
  if (payment.deleted) throw new BooksError('invalid_state', `Payment ${paymentId} is already deleted`);
  payment.deleted = true;
  world.touch(company, 'Payment', payment, 'Delete');
  for (const application of payment.applications) {
    const invoice = company.index.invoices.get(application.invoiceId);
    // Applications to voided/deleted invoices were released when they were retired.
    if (!invoice || invoice.status === 'voided' || invoice.status === 'deleted') continue;
    invoice.amountDueCents += application.amountCents;
    if (invoice.status === 'paid') invoice.status = 'open';
    world.touch(company, 'Invoice', invoice, 'Update');
  }
  return payment;
}

/** Applies a credit note's remaining credit (all that fits by default) to an open invoice. */
export function applyCredit(
  world: SandboxWorld,
  company: Company,
  creditNoteId: string,
  invoiceId: string,
  amountCents?: number,
): CreditNote {
  const { note, invoice } = applyCreditNote(company, {
    creditNoteId,
    invoiceId,
    ...(amountCents === undefined ? {} : { amountCents }),
  });
  world.touch(company, 'CreditMemo', note, 'Update');
  world.touch(company, 'Invoice', invoice, 'Update');
  return note;
}

/** Issues a credit note to a customer as credit on account. */
export function createCreditNote(
  world: SandboxWorld,
  company: Company,
  customerId: string,
  amountCents: number,
): CreditNote {
  const note = buildCreditNote(
    company,
    { customerId, amountCents, date: companyToday(world, company) },
    world.now(),
  );
  world.touch(company, 'CreditMemo', note, 'Create');
  return note;
}

/** Creates an open invoice; issueDate defaults to today and dueDate to issueDate + 30 days. */
export function createInvoice(
  world: SandboxWorld,
  company: Company,
  init: Omit<NewInvoice, 'issueDate' | 'dueDate'> & { issueDate?: string; dueDate?: string },
): Invoice {
  const issueDate = init.issueDate ?? companyToday(world, company);
  const dueDate = init.dueDate ?? addDays(issueDate, 30);
  const invoice = buildInvoice(company, { ...init, issueDate, dueDate }, world.now());
  world.touch(company, 'Invoice', invoice, 'Create');
  return invoice;
}
