import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { explainDecision } from '../../cadence/policy/index.js';
import { decideCustomerFor } from '../../cadence/run/decide.js';
import { loadCustomerFacts } from '../../cadence/run/load-facts.js';
import { historyInOrder } from '../../cadence/channels/delivery-status.js';
import { loadSettings, withDisabledChannels } from '../../cadence/run/settings-store.js';
import type { Db } from '../db/connect.js';
import {
  deliveriesOf,
  findInvoice,
  notesOf,
  openCreditsOf,
  paymentsOf,
  touchpointsOf,
} from '../db/invoice-page.js';
import type { Locale } from '../i18n/index.js';
import { daysBetween, localDateTime, localToday } from './calendar.js';
import { displayAmount } from './money.js';
import type { PageOrganisation } from './organisation-access.js';

type FoundInvoice = NonNullable<Awaited<ReturnType<typeof findInvoice>>>;

/** What the invoice page says comes next: a message key with its variables, or the policy's own sentence. */
export type NextStep =
  | { key: string; vars: Record<string, string> }
  | { key: 'invoice.next.forCustomer'; vars: { customer: string }; text: string };

interface StatusEntry {
  at?: string;
  status?: string;
  source?: string;
}

/**
 * Everything the invoice page shows, or null when the invoice is not in this organisation. Times are in the
 * organisation's zone; money stays decimal strings.
 */
export async function invoicePage(
  db: Db,
  org: PageOrganisation,
  invoiceId: string,
  now: Date,
  locale: Locale,
) {
  const invoice = await findInvoice(db, org.id, invoiceId);
  if (!invoice) return null;
  const today = localToday(now, org.time_zone);
  const [payments, credits, touchpoints, deliveries, notes, next] = await Promise.all([
    paymentsOf(db, org.id, invoice.external_id),
    openCreditsOf(db, org.id, invoice.customer_external_id),
    touchpointsOf(db, org.id, invoice.id),
    deliveriesOf(db, org.id, invoice.id),
    notesOf(db, org.id, invoice.id),
    nextStep(db, org, invoice, now, today, locale),
  ]);
  const at = (instant: Date | null) => localDateTime(instant, org.time_zone);
  const overdue = invoice.status === 'open' && invoice.due_date !== null && invoice.due_date < today;
  return {
    invoice: {
      id: invoice.id,
      number: invoice.number ?? invoice.external_id,
      customer: invoice.customer_name,
      issueDate: invoice.issue_date,
      dueDate: invoice.due_date,
      total: displayAmount(invoice.total, invoice.currency),
      amountDue: displayAmount(invoice.amount_due, invoice.currency),
      currency: invoice.currency,
      status: invoice.status,
      daysOverdue: overdue ? daysBetween(invoice.due_date!, today) : null,
      disputed: invoice.disputed,
      promiseToPayUntil: invoice.promise_to_pay_until,
    },
    payments: payments.map((p) => ({
      reference: p.external_id,
      paidOn: p.paid_on,
      amount: displayAmount(p.amount, p.currency),
      currency: p.currency,
    })),
    credits: credits.map((c) => ({
      reference: c.external_id,
      kind: c.kind,
      issuedOn: c.issued_on,
      total: displayAmount(c.total, c.currency),
      remaining: displayAmount(c.remaining, c.currency),
      currency: c.currency,
    })),
    timeline: touchpoints.map((t) => ({
      step: t.invoice_step ?? t.step,
      status: t.status,
      channels: t.channels,
      localDate: t.local_date,
      scheduled: at(t.planned_at),
      sent: at(t.sent_at),
      detail: t.detail,
      deliveries: deliveries
        .filter((d) => d.touchpoint_id === t.id)
        .map((d) => ({
          channel: d.channel,
          recipient: readableRecipient(d.recipient),
          status: d.status,
          error: d.error_message,
          history: historyInOrder(d.status_history as StatusEntry[]).map((e) => ({
            at: e.at ? at(new Date(e.at)) : null,
            status: e.status ?? '',
            source: e.source ?? '',
          })),
        })),
    })),
    notes: notes.map((n) => ({
      body: n.body,
      status: n.status,
      writtenAt: at(n.written_at),
      createdAt: at(n.created_at),
      attempts: n.attempts,
      error: n.last_error,
    })),
    next,
  };
}

/**
 * Why nothing more happens, or the cadence policy's own explanation for the customer (the same sentence
 * `dunwise plan` prints): the policy decides per customer, over all of their overdue invoices at once.
 */
async function nextStep(
  db: Db,
  org: PageOrganisation,
  invoice: FoundInvoice,
  now: Date,
  today: string,
  locale: Locale,
): Promise<NextStep> {
  if (invoice.status !== 'open') return { key: 'invoice.next.closed', vars: {} };
  if (Number(invoice.amount_due) <= 0) return { key: 'invoice.next.settled', vars: {} };
  if (!invoice.customer_id || !invoice.customer_name) return { key: 'invoice.next.noCustomer', vars: {} };
  if (invoice.due_date !== null && invoice.due_date >= today)
    return { key: 'invoice.next.notDue', vars: { date: invoice.due_date } };
  const [settings, customers] = await Promise.all([
    loadSettings(db, [org]),
    loadCustomerFacts(db, [invoice.customer_id], new Map([[org.id, today]])),
  ]);
  const orgSettings = settings.get(org.id)!;
  const customer = customers[0];
  if (!customer) return { key: 'invoice.next.noCustomer', vars: {} };
  const decision = decideCustomerFor(
    org,
    withDisabledChannels(orgSettings, org.disabled_channels),
    customer,
    now,
  );
  return {
    key: 'invoice.next.forCustomer',
    vars: { customer: invoice.customer_name },
    text: explainDecision(decision, orgSettings, locale),
  };
}

/** '+12125550142' → '+1 212 555 0142'; emails and anything unparsable as stored. */
function readableRecipient(recipient: string): string {
  if (!recipient.startsWith('+')) return recipient;
  return parsePhoneNumberFromString(recipient)?.formatInternational() ?? recipient;
}
