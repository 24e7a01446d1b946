import type { Db } from '../../../server/db/connect.js';
import {
  applyDeliveryStatus,
  findDelivery,
  findDeliveryByProviderId,
  type DeliveryRef,
} from '../deliveries.js';
import type { DeliveryStatus } from '../delivery-status.js';
import { markContactUnusable, recordOptOut } from '../recipients.js';
import { laterProblemOf, queueLaterProblemNotes } from '../../run/event-notes.js';
import { CUSTOM_ARGS } from './sender.js';

/** One Event Webhook event, as SendGrid posts it (custom args are flattened into it). */
export type SendGridEvent = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Meaning {
  status: DeliveryStatus;
  /** The address can never receive mail: later steps skip it. */
  unusable?: 'hard_bounce' | 'invalid_address';
  /** The person asked not to be emailed (CAN-SPAM opt-out, spam complaint). */
  optOut?: boolean;
}

/**
 * What an event proves (B27). 'processed', 'deferred', 'open' and 'click' say nothing the cadence acts on.
 * A bounce of type 'blocked' is the receiving server refusing for now (reputation, policy), not a dead address.
 */
export function meaningOf(event: SendGridEvent): Meaning | null {
  const reason = typeof event['reason'] === 'string' ? event['reason'] : '';
  switch (event['event']) {
    case 'delivered':
      return { status: 'delivered' };
    case 'bounce':
      return event['type'] === 'blocked'
        ? { status: 'bounced' }
        : { status: 'bounced', unusable: 'hard_bounce' };
    case 'dropped':
      if (/unsubscribe|spam/i.test(reason)) return { status: 'dropped', optOut: true };
      if (/invalid/i.test(reason)) return { status: 'dropped', unusable: 'invalid_address' };
      if (/bounce/i.test(reason)) return { status: 'dropped', unusable: 'hard_bounce' };
      return { status: 'dropped' };
    case 'spamreport':
      return { status: 'spam_reported', optOut: true };
    case 'unsubscribe':
    case 'group_unsubscribe':
      return { status: 'unsubscribed', optOut: true };
    default:
      return null;
  }
}

/**
 * Applies one event to its delivery, found by the delivery id in the custom args (checked against the
 * organisation id beside it), else by the `sg_message_id` prefix, which is the X-Message-Id the send returned.
 * Returns false when the event is ignorable or belongs to no delivery of ours.
 */
export async function applySendGridEvent(db: Db, event: SendGridEvent, receivedAt: Date): Promise<boolean> {
  const meaning = meaningOf(event);
  if (!meaning) return false;
  const delivery = await deliveryOf(db, event);
  if (!delivery || delivery.channel !== 'email') return false;
  const seconds = typeof event['timestamp'] === 'number' ? event['timestamp'] : null;
  const at = seconds !== null ? new Date(seconds * 1000) : receivedAt;
  const eventId = typeof event['sg_event_id'] === 'string' ? event['sg_event_id'] : null;
  const messageId = messageIdOf(event);
  const reason = [event['event'], event['type'], event['reason']]
    .filter((v) => typeof v === 'string')
    .join(': ');
  // One transaction: if a note or a mark fails, the status change rolls back too, so SendGrid's retry of the same
  // event is not taken for a repeat and the opt-out or the dead address is not lost.
  return db.transaction().execute(async (trx) => {
    const applied = await applyDeliveryStatus(
      trx,
      delivery.id,
      { at: at.toISOString(), status: meaning.status, source: 'sendgrid', detail: reason, eventId },
      meaning.status === 'delivered'
        ? { providerId: messageId }
        : { providerId: messageId, errorCode: String(event['event']), errorMessage: reason.slice(0, 1000) },
    );
    if (!applied) return false;
    const problem = laterProblemOf(applied);
    if (problem) {
      const smtpReason = typeof event['reason'] === 'string' ? event['reason'] : null;
      await queueLaterProblemNotes(trx, { ...delivery, channel: 'email' }, problem, smtpReason, receivedAt);
    }
    const address =
      typeof event['email'] === 'string' ? event['email'].trim().toLowerCase() : delivery.recipient;
    if (meaning.unusable) {
      const touchpoint = await trx
        .selectFrom('touchpoint')
        .select('customer_id')
        .where('id', '=', delivery.touchpoint_id)
        .executeTakeFirst();
      await markContactUnusable(
        trx,
        { organisationId: delivery.organisation_id, customerId: touchpoint?.customer_id ?? null },
        'email',
        address,
        meaning.unusable,
      );
    }
    if (meaning.optOut) {
      await recordOptOut(
        trx,
        [delivery.organisation_id],
        'email',
        address,
        '',
        `sendgrid:${String(event['event'])}`,
      );
    }
    return true;
  });
}

async function deliveryOf(db: Db, event: SendGridEvent): Promise<DeliveryRef | null> {
  const id = event[CUSTOM_ARGS.delivery];
  const org = event[CUSTOM_ARGS.organisation];
  if (typeof id === 'string' && UUID.test(id)) {
    const found = await findDelivery(db, id);
    if (found && found.organisation_id === org) return found;
  }
  const messageId = messageIdOf(event);
  return messageId ? findDeliveryByProviderId(db, messageId) : null;
}

/** `sg_message_id` is the X-Message-Id plus a per-recipient suffix after the first dot. */
function messageIdOf(event: SendGridEvent): string | null {
  const sg = event['sg_message_id'];
  if (typeof sg !== 'string' || sg === '') return null;
  return sg.split('.')[0] ?? null;
}
