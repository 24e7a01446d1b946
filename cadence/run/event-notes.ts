import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import { maskPhone } from './contacts.js';

/**
 * Notes for what happens after a touchpoint was sent — an automated call's outcome (and the SMS sent instead),
 * a STOP reply — written on every invoice the touchpoint covered. They go through the same `note` queue as the
 * touchpoint's own note (see notes-pass.ts: retried with backoff, written once per key, cut to the provider's
 * limit), worded like it ("Dunwise reminder, step N: …", English, recipients masked) and short enough for
 * Xero's 250 characters.
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
  const from = sender.startsWith('+')
    ? (parsePhoneNumberFromString(sender)?.formatInternational() ?? sender)
    : 'the business';
  return `Dunwise: ${maskPhone(customerNumber)} replied STOP to texts from ${from}; no more SMS will be sent to it.`;
}

/**
 * Queues `body` as a note on every invoice of the touchpoint. The key (touchpoint + invoice + event) makes a
 * repeated callback a no-op. Returns how many notes were queued now.
 */
export async function queueTouchpointEventNotes(
  db: Kysely<Database>,
  touchpointId: string,
  event: string,
  body: string,
  now: Date,
): Promise<number> {
  const invoices = await db
    .selectFrom('touchpoint_invoice')
    .select(['invoice_id', 'organisation_id'])
    .where('touchpoint_id', '=', touchpointId)
    .execute();
  if (invoices.length === 0) return 0;
  const inserted = await db
    .insertInto('note')
    .values(
      invoices.map((i) => ({
        organisation_id: i.organisation_id,
        invoice_id: i.invoice_id,
        touchpoint_id: touchpointId,
        idempotency_key: `${touchpointId}:${i.invoice_id}:${event}`,
        body,
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
  const step = await db
    .selectFrom('touchpoint')
    .select('step')
    .where('id', '=', call.touchpoint_id)
    .executeTakeFirstOrThrow();
  return queueTouchpointEventNotes(
    db,
    call.touchpoint_id,
    `call:${call.id}`,
    callOutcomeNoteBody(step.step, call.recipient, outcome, fallback),
    now,
  );
}

/**
 * After a STOP: a note on the invoices of the last touchpoint that texted or called the number, in each
 * organisation that has just recorded the opt-out. `messageId` (the inbound SMS's sid) keys it, so Twilio
 * retrying the same webhook writes nothing twice, while a STOP sent again after a START is noted again.
 */
export async function queueOptOutNotes(
  db: Kysely<Database>,
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
      `stop:${messageId}`,
      optOutNoteBody(customerNumber, sender),
      now,
    );
  }
  return queued;
}
