import { CATALOG, TERMS, exchangeRate, type PaymentTerms } from './catalog.js';
import { dayStartMs, formatDayNumber } from './calendar.js';
import type { IdSource } from './generate.js';
import type { Random } from './random.js';
import type { Company, CreditNote, Customer, Invoice, InvoiceLine, Payment } from './types.js';

interface InvoiceRun {
  random: Random;
  nextId: IdSource;
  company: Company;
  asOfDay: number;
  count: number;
}

const HOUR = 3_600_000;
/** Invoices span up to two years before asOf, denser for small books so every age bucket is present. */
const MAX_SPAN_DAYS = 730;

/**
 * Appends `count` invoices in issue-date order, with their payments and credit notes. Outcomes depend on age:
 * old invoices are mostly paid, recent ones mostly open, so that a sync sees a realistic overdue tail.
 */
export function generateInvoices(run: InvoiceRun): void {
  const { random, company, asOfDay, count } = run;
  const span = Math.min(MAX_SPAN_DAYS, Math.max(60, count * 2));
  // Per customer, the last single-application payment: lets some payments settle two invoices at once.
  const lastPayment = new Array<Payment | undefined>(company.customers.length);
  for (let i = 0; i < count; i++) {
    const issueDay = asOfDay - span + Math.floor((i * span) / count);
    const customerIndex = random.int(company.customers.length);
    const customer = company.customers[customerIndex]!;
    const terms = random.pick(TERMS);
    const invoice = makeInvoice(run, customer, i, issueDay, terms);
    company.invoices.push(invoice);
    settle(run, invoice, customer, issueDay, issueDay + terms.days, lastPayment, customerIndex);
  }
}

function makeInvoice(
  run: InvoiceRun,
  customer: Customer,
  i: number,
  issueDay: number,
  terms: PaymentTerms,
): Invoice {
  const { random, company } = run;
  const lineCount = random.between(1, 4);
  const draft: InvoiceLine[] = [];
  let totalCents = 0;
  for (let l = 0; l < lineCount; l++) {
    const item = random.pick(CATALOG);
    const quantity = random.between(1, 8);
    const amountCents = quantity * item.unitAmountCents;
    draft.push({
      description: item.description,
      quantity,
      unitAmountCents: item.unitAmountCents,
      amountCents,
    });
    totalCents += amountCents;
  }
  const createdAt = dayStartMs(issueDay) + (8 + random.int(10)) * HOUR + random.int(HOUR);
  return {
    id: run.nextId(),
    number: company.provider === 'quickbooks' ? String(1001 + i) : `INV-${String(i + 1).padStart(4, '0')}`,
    customerId: customer.id,
    currency: customer.currency,
    exchangeRate: exchangeRate(customer.currency, company.currency),
    issueDate: formatDayNumber(issueDay),
    dueDate: formatDayNumber(issueDay + terms.days),
    terms: terms.label,
    // slice() trims the spare capacity push() reserves: ~50 bytes per invoice at a million invoices.
    lines: draft.slice(),
    totalCents,
    amountDueCents: totalCents,
    status: 'open',
    payUrl: null,
    createdAt,
    updatedAt: createdAt,
    version: 0,
  };
}

function settle(
  run: InvoiceRun,
  invoice: Invoice,
  customer: Customer,
  issueDay: number,
  dueDay: number,
  lastPayment: (Payment | undefined)[],
  customerIndex: number,
): void {
  const { random, company, asOfDay } = run;
  const overdueDays = asOfDay - dueDay;
  const roll = random.next();
  if (roll < 0.02) {
    invoice.status = 'voided';
    invoice.amountDueCents = 0;
    return bump(invoice, invoice.createdAt + 2 * HOUR);
  }
  if (roll < 0.023) {
    invoice.status = 'deleted';
    invoice.amountDueCents = 0;
    return bump(invoice, invoice.createdAt + 3 * HOUR);
  }
  if (roll < 0.03 && company.provider === 'xero' && overdueDays < 0) {
    invoice.status = 'draft';
    return;
  }
  if (random.chance(0.03)) creditFor(run, invoice, customer, issueDay);
  const paidShare = overdueDays > 60 ? 0.92 : overdueDays > 0 ? 0.5 : 0.2;
  const payDay = Math.min(asOfDay - 1, issueDay + random.int(Math.max(1, dueDay - issueDay + 40)));
  if (invoice.amountDueCents > 0 && random.chance(paidShare)) {
    const previous = lastPayment[customerIndex];
    if (
      previous &&
      random.chance(0.1) &&
      previous.currency === invoice.currency &&
      previous.date >= invoice.issueDate
    ) {
      // One cheque for two invoices: QuickBooks Line[] / Xero batch payment with two applications.
      previous.applications.push({ invoiceId: invoice.id, amountCents: invoice.amountDueCents });
      previous.amountCents += invoice.amountDueCents;
      return applyPayment(invoice, invoice.amountDueCents, previous.createdAt);
    }
    if (random.chance(0.15)) {
      const first = partialAmount(random, invoice.amountDueCents);
      const firstDay = Math.max(issueDay, payDay - 10);
      addPayment(run, invoice, customer, firstDay, first, 0, false);
    }
    const overpaid = random.chance(0.02) ? random.between(1, 50) * 100 : 0;
    lastPayment[customerIndex] = addPayment(
      run,
      invoice,
      customer,
      payDay,
      invoice.amountDueCents,
      overpaid,
      false,
    );
    return;
  }
  if (invoice.amountDueCents > 0 && random.chance(0.12)) {
    addPayment(run, invoice, customer, payDay, partialAmount(random, invoice.amountDueCents), 0, false);
  }
  if (invoice.amountDueCents > 0 && random.chance(0.01)) {
    // A payment entered by mistake and then deleted: it no longer counts against the invoice.
    addPayment(run, invoice, customer, payDay, invoice.amountDueCents, 0, true);
  }
}

function partialAmount(random: Random, dueCents: number): number {
  if (dueCents < 2) return dueCents;
  return Math.max(1, Math.min(dueCents - 1, Math.round((dueCents * random.between(20, 70)) / 100)));
}

function addPayment(
  run: InvoiceRun,
  invoice: Invoice,
  customer: Customer,
  day: number,
  applied: number,
  unapplied: number,
  deleted: boolean,
): Payment {
  const { random, company } = run;
  const createdAt = Math.max(dayStartMs(day) + (9 + random.int(8)) * HOUR, invoice.createdAt + HOUR);
  const payment: Payment = {
    id: run.nextId(),
    customerId: customer.id,
    currency: invoice.currency,
    date: formatDayNumber(day),
    amountCents: applied + unapplied,
    applications: [{ invoiceId: invoice.id, amountCents: applied }],
    unappliedCents: unapplied,
    deleted,
    createdAt,
    updatedAt: deleted ? createdAt + 2 * HOUR : createdAt,
    version: deleted ? 1 : 0,
  };
  company.payments.push(payment);
  if (!deleted) applyPayment(invoice, applied, createdAt);
  else bump(invoice, payment.updatedAt);
  return payment;
}

function applyPayment(invoice: Invoice, amountCents: number, at: number): void {
  invoice.amountDueCents -= amountCents;
  if (invoice.amountDueCents === 0) invoice.status = 'paid';
  bump(invoice, at);
}

function bump(invoice: Invoice, at: number): void {
  invoice.version += 1;
  if (at > invoice.updatedAt) invoice.updatedAt = at;
}

/** A credit note for part of the invoice: applied to it, applied in part, or left as credit on account. */
function creditFor(run: InvoiceRun, invoice: Invoice, customer: Customer, issueDay: number): void {
  const { random, company } = run;
  const totalCents = Math.max(1, Math.round((invoice.totalCents * random.between(10, 50)) / 100));
  const mode = random.int(3);
  const applied = mode === 0 ? totalCents : mode === 1 ? Math.round(totalCents / 2) : 0;
  const day = Math.min(run.asOfDay - 1, issueDay + random.int(20));
  const createdAt = Math.max(dayStartMs(day) + 10 * HOUR, invoice.createdAt + HOUR);
  const note: CreditNote = {
    id: run.nextId(),
    number:
      company.provider === 'quickbooks'
        ? `CM-${company.creditNotes.length + 1}`
        : `CN-${String(company.creditNotes.length + 1).padStart(4, '0')}`,
    customerId: customer.id,
    currency: invoice.currency,
    date: formatDayNumber(day),
    totalCents,
    applications: applied > 0 ? [{ invoiceId: invoice.id, amountCents: applied }] : [],
    remainingCents: totalCents - applied,
    status: totalCents - applied === 0 ? 'applied' : 'open',
    createdAt,
    updatedAt: createdAt,
    version: 0,
  };
  company.creditNotes.push(note);
  if (applied > 0) applyPayment(invoice, applied, createdAt);
}
