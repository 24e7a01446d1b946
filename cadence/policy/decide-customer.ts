import type { CadenceSettings } from '../settings/schema.js';
import { addDays, daysBetween, isLocalDate, localDateOf, startOfLocalDate } from './calendar.js';
import { resolveChannels, type ChannelResolution } from './channels.js';
import { stepDefinition } from './invoice-step.js';
import { classifyInvoices } from './invoice-outcomes.js';
import { formatAmount, toDecimal, totalsByCurrency } from './money.js';
import { recipientZones } from './recipient-zone.js';
import { nextSendOpening } from './send-window.js';
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

const PHONE_CHANNELS = new Set(['sms', 'call', 'call_task']);

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

/** The local date from which the minimum gap (and the one-a-day rule) allows another touchpoint. */
function gapOpensOn(
  input: CustomerCadenceInput,
  settings: CadenceSettings,
): { date: LocalDate; last: LocalDate } | null {
  const counted = input.touchpoints.filter((t) => t.outcome !== 'skipped' && Number.isFinite(t.at.getTime()));
  if (counted.length === 0) return null;
  const last = localDateOf(new Date(Math.max(...counted.map((t) => t.at.getTime()))), settings.timeZone);
  return { date: addDays(last, settings.minGapDays), last };
}

/** The earliest allowed instant from `from` for these channels; phone channels also need the recipient's hours. */
function plan(
  input: CustomerCadenceInput,
  settings: CadenceSettings,
  from: Date,
  channels: ChannelResolution,
): { at: Date | null; channels: ChannelResolution } {
  const phoneChannels = channels.channels.filter((c) => PHONE_CHANNELS.has(c));
  if (phoneChannels.length === 0) return { at: nextSendOpening(settings, from), channels };
  const zones = recipientZones(
    input.customer,
    channels.recipients.phone ?? channels.recipients.sms,
    settings.timeZone,
  );
  const at = nextSendOpening(settings, from, zones);
  if (at !== null) return { at, channels };
  // The organisation's hours never meet the recipient's: keep only the channels that do not ring a phone.
  const kept: ChannelResolution = {
    ...channels,
    channels: channels.channels.filter((c) => !PHONE_CHANNELS.has(c)),
    fallback: null,
    removed: [
      ...channels.removed,
      ...phoneChannels.map((channel) => ({ channel, reason: 'outside_recipient_hours' as const })),
    ],
  };
  return { at: kept.channels.length > 0 ? nextSendOpening(settings, from) : null, channels: kept };
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
  const zone = settings.timeZone;
  const today = localDateOf(now, zone);
  const outcomes = classifyInvoices(input.invoices, settings, today);
  const warnings: DecisionWarning[] = input.touchpoints
    .filter((t) => t.outcome === 'unknown')
    .map((t) => ({ code: 'unknown_delivery', at: t.at }));
  const common: Common = { decidedAt: now, warnings, perInvoice: outcomes };

  if (input.customer.excluded) return { kind: 'stopped', reason: 'excluded', ...common };
  const active = outcomes.filter((o) => o.kind !== 'dropped');
  if (active.length === 0) return stopped(common, outcomes);

  if (input.organisation.needsReconnect) return held(common, 'needs_reconnect', {}, null);
  if (!settings.autopilot) return held(common, 'autopilot_off', {}, null);
  const pausedUntil = input.customer.pausedUntil;
  if (pausedUntil !== null && !isLocalDate(pausedUntil)) return held(common, 'paused', {}, null);
  if (pausedUntil !== null && pausedUntil >= today) {
    return held(
      common,
      'paused',
      { untilDate: pausedUntil },
      startOfLocalDate(addDays(pausedUntil, 1), zone),
    );
  }
  const credits = input.unappliedCredits.filter((c) => toDecimal(c.amount).gt(0));
  if (credits.length > 0) return held(common, 'unapplied_credit', { credits }, null);
  if (input.pendingApprovalSince !== null) return held(common, 'awaiting_approval', {}, null);

  const chaseable = active.filter((o) => o.kind !== 'held');
  if (chaseable.length === 0) {
    const first = active[0] as InvoiceOutcome & { kind: 'held' };
    const until = first.until === null ? null : startOfLocalDate(addDays(first.until, 1), zone);
    return held(common, first.code, { untilDate: first.until }, until);
  }

  const byId = new Map(input.invoices.map((i) => [i.id, i]));
  const due = chaseable.filter((o) => o.kind === 'due');
  const gap = gapOpensOn(input, settings);
  const gapStart = gap !== null && gap.date > today ? startOfLocalDate(gap.date, zone) : null;

  if (due.length === 0) {
    // Nothing due today: the earliest upcoming step (the most advanced one on that date) sets the wait.
    const next = chaseable
      .map((o) => o as InvoiceOutcome & { kind: 'listed' | 'upcoming' })
      .sort((a, b) => a.nextOn.localeCompare(b.nextOn) || b.nextStepIndex - a.nextStepIndex)[0];
    if (next === undefined) return stopped(common, outcomes);
    const invoice = byId.get(next.invoiceId) as InvoiceFacts;
    const stepStart = startOfLocalDate(next.nextOn, zone);
    const from = gapStart !== null && gapStart > stepStart ? gapStart : stepStart;
    const channels = resolveChannels(
      stepDefinition(settings, next.nextStepIndex),
      input.customer,
      settings,
      input.organisation,
    );
    const until = plan(input, settings, from, channels).at ?? from;
    const step = stepRef(settings, next.nextStepIndex, invoice.dueDate as LocalDate, next.nextOn);
    return { kind: 'wait', until, reason: 'not_due', step, ...common };
  }

  const lead = due.reduce((a, b) => (b.stepIndex > a.stepIndex ? b : a));
  const definition = stepDefinition(settings, lead.stepIndex);
  const step = stepRef(
    settings,
    lead.stepIndex,
    (byId.get(lead.invoiceId) as InvoiceFacts).dueDate as LocalDate,
    today,
  );
  const resolved = resolveChannels(definition, input.customer, settings, input.organisation);
  if (resolved.channels.length === 0)
    return held(common, 'no_reachable_contact', { removedChannels: resolved.removed }, null);

  const from = gapStart !== null && gapStart > now ? gapStart : now;
  const planned = plan(input, settings, from, resolved);
  if (planned.at === null || planned.channels.channels.length === 0) {
    return held(common, 'no_reachable_contact', { removedChannels: planned.channels.removed }, null);
  }
  if (planned.at.getTime() > now.getTime()) {
    const reason: WaitCode =
      gapStart === null || gapStart <= now
        ? 'outside_send_window'
        : gap?.last === today
          ? 'same_day'
          : 'min_gap';
    return { kind: 'wait', until: planned.at, reason, step, ...common };
  }

  const covered: CoveredInvoice[] = chaseable
    .filter((o) => o.kind === 'due' || o.kind === 'listed')
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
  const totals = totalsByCurrency(covered.map((i) => ({ currency: i.currency, amount: i.amountDue }))).map(
    (t) => ({
      currency: t.currency,
      amountDue: formatAmount(t.amount, t.currency),
    }),
  );

  return {
    kind: 'send',
    step,
    channels: planned.channels.channels,
    fallback: planned.channels.fallback,
    removedChannels: planned.channels.removed,
    recipients: planned.channels.recipients,
    invoices: covered,
    totals,
    plannedAt: now,
    tone: definition.tone,
    language: input.customer.language ?? settings.language,
    approvalRequired: settings.mode === 'approve_first',
    ...common,
  };
}
