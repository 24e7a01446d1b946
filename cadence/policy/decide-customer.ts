import type { CadenceSettings } from '../settings/schema.js';
import { addDays, daysBetween, isLocalDate, localDateOf, startOfLocalDate } from './calendar.js';
import { resolveChannels } from './channels.js';
import { stepDefinition } from './invoice-step.js';
import { classifyInvoices } from './invoice-outcomes.js';
import { formatAmount, toDecimal, totalsByCurrency } from './money.js';
import { gapOpensOn, planSendTime } from './timing.js';
import type {
  CoveredInvoice,
  CustomerCadenceInput,
  CustomerDecision,
  DecisionWarning,
  HeldCode,
  HeldDecision,
  HeldDetail,
  InvoiceFacts,
  InvoiceOutcome,
  LocalDate,
  StepRef,
  StoppedCode,
  WaitCode,
} from './types.js';
import { heldText } from './wording.js';

type Common = { decidedAt: Date; warnings: DecisionWarning[]; perInvoice: InvoiceOutcome[] };

// When several invoices drop out for different reasons, the customer shows the one that matters most.
const STOP_PRIORITY: StoppedCode[] = [
  'handed_to_collections',
  'below_minimum',
  'backlog',
  'cadence_complete',
  'paid',
];

function held(common: Common, code: HeldCode, detail: Partial<HeldDetail>, until: Date | null): HeldDecision {
  const full: HeldDetail = { untilDate: null, credits: [], removedChannels: [], ...detail };
  return { kind: 'held', reason: { code, text: heldText(code, full, 'en') }, until, detail: full, ...common };
}

function stopped(common: Common, outcomes: InvoiceOutcome[]): CustomerDecision {
  const codes = new Set<string>(outcomes.map((o) => (o.kind === 'dropped' ? o.code : '')));
  const reason = STOP_PRIORITY.find((c) => codes.has(c)) ?? 'no_open_invoices';
  return { kind: 'stopped', reason, ...common };
}

/** A step as shown to people; a repeat's day is how overdue the invoice is when it becomes due. */
function stepRef(settings: CadenceSettings, index: number, dueDate: LocalDate, on: LocalDate): StepRef {
  const configured = settings.steps[index];
  const day = configured !== undefined ? configured.dayOffset : daysBetween(dueDate, on);
  return { index, number: index + 1, day, isRepeat: configured === undefined };
}

/** Holds that apply to the whole customer, in the order a person would fix them. */
function customerHold(
  input: CustomerCadenceInput,
  settings: CadenceSettings,
  today: LocalDate,
  common: Common,
): HeldDecision | null {
  if (input.organisation.needsReconnect) return held(common, 'needs_reconnect', {}, null);
  if (!settings.autopilot) return held(common, 'autopilot_off', {}, null);
  const pausedUntil = input.customer.pausedUntil;
  if (pausedUntil !== null && !isLocalDate(pausedUntil)) return held(common, 'paused', {}, null);
  if (pausedUntil !== null && pausedUntil >= today) {
    const until = startOfLocalDate(addDays(pausedUntil, 1), settings.timeZone);
    return held(common, 'paused', { untilDate: pausedUntil }, until);
  }
  const credits = input.unappliedCredits.filter((c) => toDecimal(c.amount).gt(0));
  if (credits.length > 0) return held(common, 'unapplied_credit', { credits }, null);
  if (input.pendingApprovalSince !== null) return held(common, 'awaiting_approval', {}, null);
  return null;
}

type Pending = InvoiceOutcome & { kind: 'listed' | 'upcoming' };

/** Nothing is due today: wait for the earliest next step (the most advanced one if several fall that day). */
function waitForNextStep(
  input: CustomerCadenceInput,
  settings: CadenceSettings,
  pending: Pending[],
  gapStart: Date | null,
  common: Common,
): CustomerDecision {
  const next = [...pending].sort(
    (a, b) => a.nextOn.localeCompare(b.nextOn) || b.nextStepIndex - a.nextStepIndex,
  )[0] as Pending;
  const dueDate = input.invoices.find((i) => i.id === next.invoiceId)?.dueDate as LocalDate;
  const stepStart = startOfLocalDate(next.nextOn, settings.timeZone);
  const from = gapStart !== null && gapStart > stepStart ? gapStart : stepStart;
  const definition = stepDefinition(settings, next.nextStepIndex);
  const channels = resolveChannels(definition, input.customer, settings, input.organisation);
  const until = planSendTime(input, settings, from, channels).at ?? from;
  const step = stepRef(settings, next.nextStepIndex, dueDate, next.nextOn);
  return { kind: 'wait', until, reason: 'not_due', step, ...common };
}

/** The invoices one message lists (due and merely overdue ones), oldest first, each with the step it reaches. */
function coveredInvoices(invoices: readonly InvoiceFacts[], chaseable: InvoiceOutcome[]): CoveredInvoice[] {
  const byId = new Map(invoices.map((i) => [i.id, i]));
  return chaseable
    .flatMap((o) => (o.kind === 'due' || o.kind === 'listed' ? [o] : []))
    .map((o) => {
      const invoice = byId.get(o.invoiceId) as InvoiceFacts;
      return {
        invoiceId: invoice.id,
        number: invoice.number,
        currency: invoice.currency,
        amountDue: invoice.amountDue,
        dueDate: invoice.dueDate as LocalDate,
        daysOverdue: o.daysOverdue,
        reachesStep: o.kind === 'due' ? o.stepIndex : null,
      };
    })
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.number.localeCompare(b.number));
}

/**
 * Decides what happens next for one customer: send one grouped message now, wait until a known moment, hold
 * (with the reason a person can act on), or stop. Pure: `now` is the tick's scheduled time; nothing is read from
 * the clock or any store, and bad data (no due date, no contact) becomes a hold, never an exception.
 */
export function decideCustomer(
  input: CustomerCadenceInput,
  settings: CadenceSettings,
  now: Date,
): CustomerDecision {
  const today = localDateOf(now, settings.timeZone);
  const outcomes = classifyInvoices(input.invoices, settings, today);
  const warnings: DecisionWarning[] = input.touchpoints
    .filter((t) => t.outcome === 'unknown')
    .map((t) => ({ code: 'unknown_delivery', at: t.at }));
  const common: Common = { decidedAt: now, warnings, perInvoice: outcomes };

  if (input.customer.excluded) return { kind: 'stopped', reason: 'excluded', ...common };
  const active = outcomes.filter((o) => o.kind !== 'dropped');
  if (active.length === 0) return stopped(common, outcomes);
  const hold = customerHold(input, settings, today, common);
  if (hold !== null) return hold;

  const chaseable = active.filter((o) => o.kind !== 'held');
  if (chaseable.length === 0) {
    const first = active[0] as InvoiceOutcome & { kind: 'held' };
    const until = first.until === null ? null : startOfLocalDate(addDays(first.until, 1), settings.timeZone);
    return held(common, first.code, { untilDate: first.until }, until);
  }

  const gap = gapOpensOn(input, settings);
  const gapStart = gap !== null && gap.date > today ? startOfLocalDate(gap.date, settings.timeZone) : null;
  const due = chaseable.flatMap((o) => (o.kind === 'due' ? [o] : []));
  if (due.length === 0) return waitForNextStep(input, settings, chaseable as Pending[], gapStart, common);

  // One message at the most advanced step due among the customer's invoices.
  const lead = due.reduce((a, b) => (b.stepIndex > a.stepIndex ? b : a));
  const leadDueDate = input.invoices.find((i) => i.id === lead.invoiceId)?.dueDate as LocalDate;
  const step = stepRef(settings, lead.stepIndex, leadDueDate, today);
  const definition = stepDefinition(settings, lead.stepIndex);
  const resolved = resolveChannels(definition, input.customer, settings, input.organisation);
  if (resolved.channels.length === 0) {
    return held(common, 'no_reachable_contact', { removedChannels: resolved.removed }, null);
  }

  const from = gapStart !== null && gapStart > now ? gapStart : now;
  const planned = planSendTime(input, settings, from, resolved);
  if (planned.at === null || planned.channels.channels.length === 0) {
    return held(common, 'no_reachable_contact', { removedChannels: planned.channels.removed }, null);
  }
  if (planned.at.getTime() > now.getTime()) {
    const gapReason: WaitCode = gap?.last === today ? 'same_day' : 'min_gap';
    const windowReason: WaitCode = planned.recipientLater ? 'outside_recipient_hours' : 'outside_send_window';
    const reason = gapStart === null || gapStart <= now ? windowReason : gapReason;
    return { kind: 'wait', until: planned.at, reason, step, ...common };
  }

  const invoices = coveredInvoices(input.invoices, chaseable);
  const totals = totalsByCurrency(invoices.map((i) => ({ currency: i.currency, amount: i.amountDue })));
  return {
    kind: 'send',
    step,
    channels: planned.channels.channels,
    fallback: planned.channels.fallback,
    removedChannels: planned.channels.removed,
    recipients: planned.channels.recipients,
    invoices,
    totals: totals.map((t) => ({ currency: t.currency, amountDue: formatAmount(t.amount, t.currency) })),
    plannedAt: now,
    tone: definition.tone,
    language: input.customer.language ?? settings.language,
    approvalRequired: settings.mode === 'approve_first',
    ...common,
  };
}
