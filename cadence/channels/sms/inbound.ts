import { sql } from 'kysely';
import twilio from 'twilio';
import type { Db } from '../../../server/db/connect.js';
import { queueSmsKeywordNotes } from '../../run/event-notes.js';
import type { ChannelDeps } from '../deps.js';
import { maskRecipient } from '../mask.js';
import { toE164 } from '../phone.js';
import { recordOptOut, removeOptOut } from '../recipients.js';

// Twilio's default opt-out and opt-in keywords (CTIA); the whole message, case-insensitive.
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const START_WORDS = new Set(['START', 'UNSTOP', 'YES']);
const HELP_WORDS = new Set(['HELP', 'INFO']);

export type InboundKind = 'stop' | 'start' | 'help' | 'other';

export function inboundKind(body: string, optOutType: string | undefined): InboundKind {
  const type = optOutType?.toUpperCase();
  if (type === 'STOP') return 'stop';
  if (type === 'START') return 'start';
  if (type === 'HELP') return 'help';
  const word = body
    .trim()
    .replace(/[.!]+$/, '')
    .toUpperCase();
  if (STOP_WORDS.has(word)) return 'stop';
  // 'YES' only counts when Twilio itself flagged it as an opt-in (above): otherwise it is an ordinary reply.
  if (START_WORDS.has(word) && word !== 'YES') return 'start';
  if (HELP_WORDS.has(word)) return 'help';
  return 'other';
}

/**
 * An SMS a customer sent to a Dunwise number. STOP and friends record an opt-out for (number, sender) in every
 * organisation that has texted or called the number or lists it as a contact — Twilio blocks the sender for that
 * number whoever the business is. START removes it. HELP gets the business's name and how to stop. Answers
 * TwiML: empty for STOP/START (Twilio sends the single confirmation the rules allow).
 */
export async function handleInboundSms(deps: ChannelDeps, params: Record<string, string>): Promise<string> {
  const log = deps.log.child({ module: 'channels', webhook: 'twilio-sms' });
  const from = params['From'] ?? '';
  const sender = params['MessagingServiceSid'] || params['To'] || '';
  const kind = inboundKind(params['Body'] ?? '', params['OptOutType']);
  const response = new twilio.twiml.MessagingResponse();
  if (!from || !sender) return response.toString();
  if (kind === 'stop') {
    const organisations = await organisationsReaching(deps.db, from);
    // The opt-out and its invoice notes commit together: a retried webhook finds both, or neither.
    const noted = await deps.db.transaction().execute(async (trx) => {
      const added = await recordOptOut(trx, organisations, 'sms', from, sender, 'twilio:STOP');
      const messageId = params['MessageSid'] || params['SmsSid'] || `${from}:${deps.now().toISOString()}`;
      return queueSmsKeywordNotes(trx, 'stop', added, from, sender, messageId, deps.now());
    });
    log.info(
      { from: maskRecipient(from), organisations: organisations.length, notes: noted },
      'SMS opt-out recorded',
    );
  } else if (kind === 'start') {
    const noted = await deps.db.transaction().execute(async (trx) => {
      const removed = await removeOptOut(trx, 'sms', from, sender);
      const messageId = params['MessageSid'] || params['SmsSid'] || `${from}:${deps.now().toISOString()}`;
      return queueSmsKeywordNotes(trx, 'start', removed, from, sender, messageId, deps.now());
    });
    log.info({ from: maskRecipient(from), notes: noted }, 'SMS opt-out removed');
  } else if (kind === 'help') {
    response.message(await helpText(deps.db, from));
  } else {
    log.info({ from: maskRecipient(from) }, 'inbound SMS received');
  }
  return response.toString();
}

/** Organisations that texted or called this number, or have it among a customer's phone contacts. */
async function organisationsReaching(db: Db, number: string): Promise<string[]> {
  const sent = await db
    .selectFrom('delivery')
    .select('organisation_id')
    .distinct()
    .where('recipient', '=', number)
    .where('channel', 'in', ['sms', 'call'])
    .execute();
  const tail = number.replace(/\D/g, '').slice(-7);
  const contacts = await db
    .selectFrom('contact')
    .innerJoin('customer', 'customer.id', 'contact.customer_id')
    .select(['contact.organisation_id', 'contact.value', 'customer.country'])
    .where('contact.kind', '=', 'phone')
    .where(sql<string>`regexp_replace(contact.value, '\\D', '', 'g')`, 'like', `%${tail}`)
    .execute();
  const ids = new Set(sent.map((r) => r.organisation_id));
  for (const c of contacts) if (toE164(c.value, c.country) === number) ids.add(c.organisation_id);
  return [...ids];
}

const HELP = {
  en: (business: string, contact: string | null) =>
    `${business}: payment reminders about your account.${contact ? ` Contact ${contact}.` : ''} Reply STOP to opt out.`,
  fr: (business: string, contact: string | null) =>
    `${business} : rappels de paiement concernant votre compte.${contact ? ` Contact : ${contact}.` : ''} Répondez STOP pour ne plus recevoir de SMS.`,
};

/** HELP names the business that last texted this number, a contact, and how to stop (CTIA). */
async function helpText(db: Db, from: string): Promise<string> {
  const last = await db
    .selectFrom('delivery')
    .innerJoin('touchpoint', 'touchpoint.id', 'delivery.touchpoint_id')
    .innerJoin('organisation', 'organisation.id', 'delivery.organisation_id')
    .leftJoin('organisation_settings', 'organisation_settings.organisation_id', 'organisation.id')
    .select(['organisation.name', 'touchpoint.language', 'organisation_settings.settings'])
    .where('delivery.recipient', '=', from)
    .where('delivery.channel', '=', 'sms')
    .orderBy('delivery.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const settings = (last?.settings ?? {}) as { senderName?: unknown; replyTo?: unknown };
  const business =
    typeof settings.senderName === 'string' && settings.senderName
      ? settings.senderName
      : (last?.name ?? 'Dunwise');
  const contact = typeof settings.replyTo === 'string' && settings.replyTo ? settings.replyTo : null;
  return (last?.language === 'fr' ? HELP.fr : HELP.en)(business, contact);
}
