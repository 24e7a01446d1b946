import type { CadenceSettings } from '../settings/schema.js';
import { isLocalDate } from './calendar.js';
import { dueStepOfInvoice } from './invoice-step.js';
import { toDecimal, totalsByCurrency } from './money.js';
import type { InvoiceFacts, InvoiceOutcome, LocalDate } from './types.js';

/** Classifies every invoice of a customer on `today` (organisation-local): due, listed, upcoming, held or dropped. */
export function classifyInvoices(
  invoices: readonly InvoiceFacts[],
  settings: CadenceSettings,
  today: LocalDate,
): InvoiceOutcome[] {
  const outcomes = invoices.map((invoice) => classifyOne(invoice, settings, today));
  return applyMinimum(outcomes, invoices, settings.minimumAmount);
}

function classifyOne(invoice: InvoiceFacts, settings: CadenceSettings, today: LocalDate): InvoiceOutcome {
  const invoiceId = invoice.id;
  if (invoice.status !== 'open') return { invoiceId, kind: 'dropped', code: invoice.status };
  // Credited to zero (or over-credited) is as good as paid; a string like '0.00' must not pass a truthy check (B14).
  if (toDecimal(invoice.amountDue).lte(0)) return { invoiceId, kind: 'dropped', code: 'paid' };
  if (invoice.dueDate === null || !isLocalDate(invoice.dueDate)) {
    return { invoiceId, kind: 'held', code: 'no_due_date', until: null };
  }
  if (invoice.overdueAtConnect && !invoice.enrolled && settings.backlogPolicy === 'newly_overdue') {
    return { invoiceId, kind: 'dropped', code: 'backlog' };
  }
  if (invoice.disputed) return { invoiceId, kind: 'held', code: 'disputed', until: null };
  const disputedUntil = holdUntil(invoice.disputedUntil, today);
  if (disputedUntil !== undefined) return { invoiceId, kind: 'held', code: 'disputed', until: disputedUntil };
  const promisedUntil = holdUntil(invoice.promiseToPayUntil, today);
  if (promisedUntil !== undefined)
    return { invoiceId, kind: 'held', code: 'promise_to_pay', until: promisedUntil };
  // A step record with a malformed date cannot be placed in time; ignoring it could resend, so it counts as
  // done on the due date (its step stays done, and no repeat is computed from garbage).
  const stepsDone = invoice.stepsDone.map((d) =>
    isLocalDate(d.on) ? d : { ...d, on: invoice.dueDate as LocalDate },
  );
  const state = dueStepOfInvoice({ dueDate: invoice.dueDate, stepsDone }, settings, today);
  switch (state.kind) {
    case 'due':
      return { invoiceId, kind: 'due', stepIndex: state.stepIndex, daysOverdue: state.daysOverdue };
    case 'finished':
      return { invoiceId, kind: 'dropped', code: state.reason };
    case 'waiting': {
      const { daysOverdue, nextStepIndex, nextOn } = state;
      return daysOverdue >= 1
        ? { invoiceId, kind: 'listed', daysOverdue, nextStepIndex, nextOn }
        : { invoiceId, kind: 'upcoming', daysOverdue, nextStepIndex, nextOn };
    }
  }
}

/**
 * The end of a dispute or promise: undefined when there is none or it has passed; null when the date is malformed
 * (held with no end: better to wait for a person than to chase someone who may have been promised time).
 */
function holdUntil(until: LocalDate | null, today: LocalDate): LocalDate | null | undefined {
  if (until === null) return undefined;
  if (!isLocalDate(until)) return null;
  return until >= today ? until : undefined;
}

/**
 * The minimum is per currency and applies to the customer's overdue total in that currency (due and listed
 * invoices); below it, those invoices drop out. A currency without a configured minimum has none.
 */
function applyMinimum(
  outcomes: InvoiceOutcome[],
  invoices: readonly InvoiceFacts[],
  minimum: Record<string, string>,
): InvoiceOutcome[] {
  const byId = new Map(invoices.map((i) => [i.id, i]));
  const overdue = outcomes.filter((o) => o.kind === 'due' || o.kind === 'listed');
  const totals = totalsByCurrency(
    overdue
      .map((o) => byId.get(o.invoiceId) as InvoiceFacts)
      .map((i) => ({ currency: i.currency, amount: i.amountDue })),
  );
  const below = new Set(
    totals
      .filter(
        (t) => minimum[t.currency] !== undefined && t.amount.lt(toDecimal(minimum[t.currency] as string)),
      )
      .map((t) => t.currency),
  );
  if (below.size === 0) return outcomes;
  return outcomes.map((o) =>
    (o.kind === 'due' || o.kind === 'listed') && below.has((byId.get(o.invoiceId) as InvoiceFacts).currency)
      ? { invoiceId: o.invoiceId, kind: 'dropped', code: 'below_minimum' }
      : o,
  );
}
