import type { CadenceSettings, Channel, Language, Tone } from '../settings/schema.js';

export type { Channel, Language, Tone };

/** A calendar date 'YYYY-MM-DD' (a due date, or a local date in some time zone). */
export type LocalDate = string;

export interface EmailContact {
  address: string;
  /** False when the address bounced hard, was marked invalid, or the contact is inactive. */
  usable: boolean;
  optedOut?: boolean;
}

export interface PhoneContact {
  /** As stored; parsed with libphonenumber-js (E.164 expected, national numbers use the customer's country). */
  number: string;
  type: 'mobile' | 'landline';
  usable: boolean;
  /** Opt-outs per channel (SMS STOP, "do not call"). A call opt-out also stops call tasks. */
  optedOut: { sms: boolean; call: boolean };
}

export interface CustomerFacts {
  id: string;
  name: string;
  /** ISO 3166 alpha-2, when the books know it. */
  country: string | null;
  /** IANA zone, when known; used for the 08:00–21:00 recipient window. */
  timeZone: string | null;
  /** Per-customer language override. */
  language: Language | null;
  /** Held through this local date (inclusive); chasing resumes the day after. */
  pausedUntil: LocalDate | null;
  excluded: boolean;
  emails: EmailContact[];
  phones: PhoneContact[];
}

export type InvoiceStatus = 'open' | 'paid' | 'voided' | 'deleted';

/** A step already done for an invoice; `on` is the organisation-local date it was claimed. */
export interface StepDone {
  /** 0-based: 0…steps.length-1 are the configured steps, steps.length+k is repeat number k+1. */
  stepIndex: number;
  on: LocalDate;
}

export interface InvoiceFacts {
  id: string;
  number: string;
  currency: string;
  /** The source's amount due (QuickBooks Balance, Xero AmountDue) as a decimal string; never total − payments. */
  amountDue: string;
  dueDate: LocalDate | null;
  status: InvoiceStatus;
  /** Disputed with no end date (held until someone clears it). */
  disputed: boolean;
  /** Disputed through this local date (inclusive). */
  disputedUntil: LocalDate | null;
  /** The customer promised to pay by this date: held through it (inclusive). */
  promiseToPayUntil: LocalDate | null;
  /** Already overdue when the books were connected (the backlog). */
  overdueAtConnect: boolean;
  /** A backlog invoice the user brought in explicitly. */
  enrolled: boolean;
  stepsDone: StepDone[];
}

export type TouchpointOutcome = 'sent' | 'delivered' | 'failed' | 'unknown' | 'skipped';

/** A past touchpoint of this customer (any invoice). 'skipped' (approve-first "skip") does not count. */
export interface TouchpointFacts {
  at: Date;
  outcome: TouchpointOutcome;
}

export interface OrganisationState {
  /** The connection lost its grant (invalid_grant): nothing is sent until reconnected. */
  needsReconnect: boolean;
  /** The email channel is off for an account problem (e.g. sender not verified, provider suspension). */
  emailDisabled: boolean;
}

export interface CustomerCadenceInput {
  organisation: OrganisationState;
  customer: CustomerFacts;
  /** The customer's invoices from the local copy; closed ones may be included and are ignored. */
  invoices: InvoiceFacts[];
  touchpoints: TouchpointFacts[];
  /** Unapplied credit on account per currency (credit notes, overpayments, prepayments); decimal strings. */
  unappliedCredits: { currency: string; amount: string }[];
  /** A proposed touchpoint is queued in approve-first mode and nobody has decided yet. */
  pendingApprovalSince: Date | null;
}

// ── Per-invoice outcome ─────────────────────────────────────────────────────────────────────────────────

export type InvoiceHoldCode = 'no_due_date' | 'disputed' | 'promise_to_pay';
export type InvoiceDropCode =
  'paid' | 'voided' | 'deleted' | 'below_minimum' | 'backlog' | 'handed_to_collections' | 'cadence_complete';

/** What one invoice contributes on the decision's local date. */
export type InvoiceOutcome =
  | { invoiceId: string; kind: 'due'; stepIndex: number; daysOverdue: number }
  /** Overdue and listed in a message, but no new step is due for it (its next one is `nextStepIndex` on `nextOn`). */
  | { invoiceId: string; kind: 'listed'; daysOverdue: number; nextStepIndex: number; nextOn: LocalDate }
  /** Not overdue yet (or no step reached yet): nothing to say until `nextOn`. */
  | { invoiceId: string; kind: 'upcoming'; daysOverdue: number; nextStepIndex: number; nextOn: LocalDate }
  | { invoiceId: string; kind: 'held'; code: InvoiceHoldCode; until: LocalDate | null }
  | { invoiceId: string; kind: 'dropped'; code: InvoiceDropCode };

// ── Customer decision ───────────────────────────────────────────────────────────────────────────────────

export type RemovedChannelReason =
  | 'no_email'
  | 'no_phone'
  | 'no_mobile'
  | 'opted_out'
  | 'email_disabled'
  | 'no_sender_number'
  | 'outside_recipient_hours';

export interface StepRef {
  /** 0-based index, as in `StepDone.stepIndex`. */
  index: number;
  /** Shown to people: 1-based ("step 2"); repeats continue the count. */
  number: number;
  /** The day after the due date this step belongs to (for a repeat: days overdue when it became due). */
  day: number;
  isRepeat: boolean;
}

export interface CoveredInvoice {
  invoiceId: string;
  number: string;
  currency: string;
  amountDue: string;
  dueDate: LocalDate;
  daysOverdue: number;
  /** The step this invoice reaches with this message (record it), or null if it is only listed. */
  reachesStep: number | null;
}

export interface SendDecision {
  kind: 'send';
  /** The `now` the decision was taken for (the tick's scheduled time). */
  decidedAt: Date;
  step: StepRef;
  /** Channels to use, in order, after removing unusable ones. */
  channels: Channel[];
  /** Used if the automated call is not answered; null when none (or unusable). */
  fallback: Channel | null;
  removedChannels: { channel: Channel; reason: RemovedChannelReason }[];
  /** Where to send: the usable email addresses, the mobile for SMS, the number to call. */
  recipients: { emails: string[]; sms: string | null; phone: string | null };
  invoices: CoveredInvoice[];
  /** Amount due per currency (never added across currencies). */
  totals: { currency: string; amountDue: string }[];
  plannedAt: Date;
  tone: Tone;
  language: Language;
  /** Approve-first: queue it for a person instead of sending. */
  approvalRequired: boolean;
  warnings: DecisionWarning[];
  perInvoice: InvoiceOutcome[];
}

export type WaitCode = 'not_due' | 'min_gap' | 'same_day' | 'outside_send_window' | 'outside_recipient_hours';

export interface WaitDecision {
  kind: 'wait';
  /** The `now` the decision was taken for (the tick's scheduled time). */
  decidedAt: Date;
  /** The earliest moment the next touchpoint may go out. */
  until: Date;
  reason: WaitCode;
  /** The step that will go out then, when known. */
  step: StepRef | null;
  warnings: DecisionWarning[];
  perInvoice: InvoiceOutcome[];
}

export type HeldCode =
  | 'needs_reconnect'
  | 'autopilot_off'
  | 'paused'
  | 'unapplied_credit'
  | 'awaiting_approval'
  | 'no_reachable_contact'
  | InvoiceHoldCode;

export interface HeldDecision {
  kind: 'held';
  /** The `now` the decision was taken for (the tick's scheduled time). */
  decidedAt: Date;
  /** `text` is the English one-liner ("held: disputed until 12 Dec"); `explainDecision` words it for a locale. */
  reason: { code: HeldCode; text: string };
  /** When the hold lifts by itself, if it does. */
  until: Date | null;
  detail: HeldDetail;
  warnings: DecisionWarning[];
  perInvoice: InvoiceOutcome[];
}

/** The facts behind a hold, so it can be worded again in another language. */
export interface HeldDetail {
  /** The last local date of a pause, dispute or promise. */
  untilDate: LocalDate | null;
  /** Positive unapplied credits, as given (decimal strings). */
  credits: { currency: string; amount: string }[];
  /** Why each channel of the step could not be used (for no_reachable_contact). */
  removedChannels: { channel: Channel; reason: RemovedChannelReason }[];
}

export type StoppedCode =
  | 'paid'
  /** Only voided or deleted invoices, or none at all. */
  | 'no_open_invoices'
  | 'excluded'
  | 'below_minimum'
  | 'backlog'
  | 'handed_to_collections'
  | 'cadence_complete';

export interface StoppedDecision {
  kind: 'stopped';
  /** The `now` the decision was taken for (the tick's scheduled time). */
  decidedAt: Date;
  reason: StoppedCode;
  warnings: DecisionWarning[];
  perInvoice: InvoiceOutcome[];
}

/** Surfaced to the user but not acted on, e.g. a send whose outcome is unknown after a crash (never retried). */
export interface DecisionWarning {
  code: 'unknown_delivery';
  at: Date;
}

export type CustomerDecision = SendDecision | WaitDecision | HeldDecision | StoppedDecision;

export type { CadenceSettings };
