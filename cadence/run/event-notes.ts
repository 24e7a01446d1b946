import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import { maskEmail, maskPhone } from './contacts.js';

/**
 * Notes for what happens after a touchpoint was sent — an automated call's outcome (and the SMS sent instead),
 * a message that bounced or was not delivered after all, a STOP reply — written on every invoice the touchpoint
 * covered. They go through the same `note` queue as the touchpoint's own note (see notes-pass.ts: retried with
 * backoff, written once per key, cut to the provider's limit), worded like it ("Dunwise reminder, step N: …",
 * English, recipients masked) and short enough for Xero's 250 characters.
 */

export type CallOutcomeForNote = 'human' | 'machine' | 'no_answer' | 'busy' | 'failed';

const CALL_OUTCOME: Record<CallOutcomeForNote, string> = {
  human: 'was answered',
  machine: 'went to voicemail',
  no_answer: 'was not answered',
  busy: 'got a busy line',
  failed: 'could not be connected',
};

const SMS_REFUSAL: Record<string, string> = {
  opted_out: 'the number opted out of texts',
  twilio_21610: 'the number opted out of texts',
  twilio_30006: 'a landline or an unreachable carrier',
  not_mobile: 'not a mobile number',
  invalid_address: 'invalid number',
  outside_recipient_hours: "outside the customer's hours",
};

/** The fallback SMS as it stands: sent (accepted or later), refused with a code, or none was due. */
export type FallbackForNote = { sent: true } | { sent: false; code: string | null } | null;

/** 'Dunwise reminder, step 2: automated call to +1 21 *** 102 was not answered; reminder SMS sent instead.' */
export function callOutcomeNoteBody(
  step: number,
  recipient: string,
  outcome: CallOutcomeForNote,
  fallback: FallbackForNote,
): string {
  const call = `Dunwise reminder, step ${step}: automated call to ${maskPhone(recipient)} ${CALL_OUTCOME[outcome]}`;
  if (fallback === null) return `${call}.`;
  if (fallback.sent) return `${call}; reminder SMS sent instead.`;
  const why = fallback.code ? ` (${SMS_REFUSAL[fallback.code] ?? fallback.code})` : '';
  return `${call}; the reminder SMS could not be sent${why}.`;
}

/** 'Dunwise: +1 21 *** 102 replied STOP to texts from +1 500 555 0006; no more SMS will be sent to it.' */
export function optOutNoteBody(customerNumber: string, sender: string): string {
  return `Dunwise: ${maskPhone(customerNumber)} replied STOP to texts from ${senderWords(sender)}; no more SMS will be sent to it.`;
}

/** 'Dunwise: +1 21 *** 102 replied START to texts from +1 500 555 0006; reminders may text it again.' */
export function optInNoteBody(customerNumber: string, sender: string): string {
  return `Dunwise: ${maskPhone(customerNumber)} replied START to texts from ${senderWords(sender)}; reminders may text it again.`;
}

function senderWords(sender: string): string {
  return sender.startsWith('+')
    ? (parsePhoneNumberFromString(sender)?.formatInternational() ?? sender)
    : 'the business';
}

/** What a provider reported after accepting a message, when it undoes what the step's note said. */
export type LaterProblem =
  'bounced' | 'dropped' | 'spam_reported' | 'unsubscribed' | 'undelivered' | 'failed';

const LATER_PROBLEM: Record<LaterProblem, { verb: string; consequence?: string }> = {
  bounced: { verb: 'bounced' },
  dropped: { verb: 'was not delivered' },
  spam_reported: { verb: 'was reported as spam', consequence: 'no more emails will go to this address' },
  unsubscribed: {
    verb: 'was followed by an unsubscribe',
    consequence: 'no more emails will go to this address',
  },
  undelivered: { verb: 'was not delivered' },
  failed: { verb: 'was not delivered' },
};

/** Xero keeps 250 characters of History & Notes; the provider's reason gets what the rest leaves, at most 80. */
const NOTE_LIMIT = 250;
/**
 * An email address inside a provider's text ('550 5.1.1 <ap@example.com>: Recipient address rejected'): anything
 * around an @ up to the characters that delimit addresses in mail text, so non-ASCII and literal-IP addresses are
 * caught too.
 */
const ADDRESS = /[^\s<>()[\]"',;:@]+@[^\s<>()"',;:@]+/gu;
const REASON_LIMIT = 80;

function isLaterProblem(status: string): status is LaterProblem {
  return Object.hasOwn(LATER_PROBLEM, status);
}

/**
 * The problem a delivery's status change reports, when it is news: a provider only reports on a message it took,
 * so any move into a problem from a status that was not one already (accepted, delivered — or still 'sending',
 * when the webhook beat the sender's own record) takes back what the step's note said.
 */
export function laterProblemOf(change: { before: string; after: string }): LaterProblem | null {
  return isLaterProblem(change.after) && !isLaterProblem(change.before) ? change.after : null;
}

/**
 * 'Dunwise reminder, step 1: the email to j***@example.com bounced (bounce: 550 5.1.1 user unknown).' The
 * provider's reason is cut so the note fits Xero's 250 characters whole, and any address in it is masked like the
 * recipient's: receiving servers often quote it, and the note is read in the books by everyone with access.
 */
export function laterProblemNoteBody(
  step: number,
  channel: 'email' | 'sms',
  recipient: string,
  problem: LaterProblem,
  reason: string | null,
): string {
  const to =
    channel === 'email' ? `the email to ${maskEmail(recipient)}` : `the SMS to ${maskPhone(recipient)}`;
  const { verb, consequence } = LATER_PROBLEM[problem];
  const head = `Dunwise reminder, step ${step}: ${to} ${verb}`;
  const tail = consequence ? `; ${consequence}.` : '.';
  const room = Math.min(REASON_LIMIT, NOTE_LIMIT - head.length - tail.length - ' ()'.length);
  const said = reason?.replace(ADDRESS, maskEmail).trim();
  const why = said && room >= 10 ? ` (${truncate(said, room)})` : '';
  return `${head}${why}${tail}`;
}

/** A Twilio error code in words where Dunwise knows them ('Twilio 30006: a landline or…'), else just the code. */
export function twilioErrorReason(code: string): string {
  const words = SMS_REFUSAL[`twilio_${code}`];
  return words ? `Twilio ${code}: ${words}` : `Twilio ${code}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * After a bounce, a drop, an undelivered SMS, a spam report or an unsubscribe reported for a message the step's
 * note called accepted or delivered: a note on every invoice of the touchpoint, so the books do not keep saying a
 * reminder went out that never arrived. Keyed by delivery and status: a provider repeating the event adds nothing.
 */
export async function queueLaterProblemNotes(
  db: Kysely<Database>,
  delivery: { id: string; touchpoint_id: string; channel: 'email' | 'sms'; recipient: string },
  problem: LaterProblem,
  reason: string | null,
  now: Date,
): Promise<number> {
  return queueTouchpointEventNotes(
    db,
    delivery.touchpoint_id,
    `${delivery.channel}:${delivery.id}:${problem}`,
    (step) => laterProblemNoteBody(step, delivery.channel, delivery.recipient, problem, reason),
    now,
  );
}

/**
 * Queues `body` (or the body for the touchpoint's step) as a note on every invoice of the touchpoint. The key
 * (touchpoint + invoice + event) makes a repeated callback a no-op. Returns how many notes were queued now.
 */
export async function queueTouchpointEventNotes(
  db: Kysely<Database>,
  touchpointId: string,
  event: string,
  body: string | ((step: number) => string),
  now: Date,
): Promise<number> {
  const invoices = await db
    .selectFrom('touchpoint_invoice as ti')
    .innerJoin('touchpoint as t', 't.id', 'ti.touchpoint_id')
    .select(['ti.invoice_id', 'ti.organisation_id', 't.step'])
    .where('ti.touchpoint_id', '=', touchpointId)
    .execute();
  const [first] = invoices;
  if (!first) return 0;
  const text = typeof body === 'string' ? body : body(first.step);
  const inserted = await db
    .insertInto('note')
    .values(
      invoices.map((i) => ({
        organisation_id: i.organisation_id,
        invoice_id: i.invoice_id,
        touchpoint_id: touchpointId,
        idempotency_key: `${touchpointId}:${i.invoice_id}:${event}`,
        body: text,
        next_attempt_at: now,
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/**
 * The note for a finished automated call, from what the database says (so any callback, including a retry after
 * a crash, words it the same): the outcome, and the fallback SMS if one was due. While that SMS is still being
 * sent nothing is queued — the callback sending it queues the note once it has Twilio's answer.
 */
export async function queueCallOutcomeNotes(
  db: Kysely<Database>,
  call: { id: string; touchpoint_id: string; recipient: string },
  outcome: CallOutcomeForNote,
  fallbackDue: { fallbackDeliveryId: string | null; fallbackSms: boolean },
  now: Date,
): Promise<number> {
  let fallback: FallbackForNote = null;
  if (outcome !== 'human' && fallbackDue.fallbackSms) {
    const sms = await db
      .selectFrom('delivery')
      .select(['id', 'status', 'error_code'])
      .where('touchpoint_id', '=', call.touchpoint_id)
      .where('channel', '=', 'sms')
      .where('recipient', '=', call.recipient)
      .executeTakeFirst();
    if (sms?.status === 'sending') return 0;
    // An SMS the step itself sent (a step with call + SMS) is in the step's own note; only the fallback is news.
    if (sms && sms.id === fallbackDue.fallbackDeliveryId) {
      fallback =
        sms.status === 'failed' || sms.status === 'undelivered' || sms.status === 'unknown'
          ? { sent: false, code: sms.error_code }
          : { sent: true };
    }
  }
  return queueTouchpointEventNotes(
    db,
    call.touchpoint_id,
    `call:${call.id}`,
    (step) => callOutcomeNoteBody(step, call.recipient, outcome, fallback),
    now,
  );
}

/**
 * After a STOP (or a START that lifts it): a note on the invoices of the last touchpoint that texted or called the
 * number, in each organisation whose opt-out just changed. `messageId` (the inbound SMS's sid) keys it, so Twilio
 * retrying the same webhook writes nothing twice, while a STOP sent again after a START is noted again.
 */
export async function queueSmsKeywordNotes(
  db: Kysely<Database>,
  keyword: 'stop' | 'start',
  organisationIds: readonly string[],
  customerNumber: string,
  sender: string,
  messageId: string,
  now: Date,
): Promise<number> {
  let queued = 0;
  for (const organisationId of organisationIds) {
    const last = await db
      .selectFrom('delivery')
      .select('touchpoint_id')
      .where('organisation_id', '=', organisationId)
      .where('recipient', '=', customerNumber)
      .where('channel', 'in', ['sms', 'call'])
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last) continue;
    queued += await queueTouchpointEventNotes(
      db,
      last.touchpoint_id,
      `${keyword}:${messageId}`,
      (keyword === 'stop' ? optOutNoteBody : optInNoteBody)(customerNumber, sender),
      now,
    );
  }
  return queued;
}
