import { laterProblemOf, queueLaterProblemNotes, twilioErrorReason } from '../../run/event-notes.js';
import { applyDeliveryStatus, type DeliveryRef } from '../deliveries.js';
import type { DeliveryStatus } from '../delivery-status.js';
import type { ChannelDeps } from '../deps.js';
import { persistRecipientProblem } from '../recipients.js';

const STATUSES: Record<string, DeliveryStatus> = {
  accepted: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
};

/**
 * Carrier errors in a status callback that prove something about the number (twilio.com/docs/errors):
 * 30006 landline or unreachable carrier; 21610 / 30004 the recipient blocked or opted out.
 */
const CALLBACK_PROBLEMS: Record<string, 'not_mobile' | 'opted_out'> = {
  '30006': 'not_mobile',
  '21610': 'opted_out',
};

/** Applies an SMS status callback (sent, delivered, undelivered, failed) to its delivery. */
export async function applySmsStatus(
  deps: ChannelDeps,
  delivery: DeliveryRef,
  params: Record<string, string>,
): Promise<boolean> {
  const reported = params['MessageStatus'] ?? params['SmsStatus'] ?? '';
  const status = STATUSES[reported];
  if (!status) return false;
  const sid = params['MessageSid'] ?? params['SmsSid'] ?? null;
  const errorCode = params['ErrorCode'] || null;
  // One transaction, as for SendGrid's events (see email/events.ts): a failed note or mark rolls the status back,
  // so Twilio's retry is not taken for a repeat.
  return deps.db.transaction().execute(async (trx) => {
    const applied = await applyDeliveryStatus(
      trx,
      delivery.id,
      {
        at: deps.now().toISOString(),
        status,
        source: 'twilio',
        detail: errorCode ? `${reported} ${errorCode}` : reported,
        eventId: `${sid}:${reported}`,
      },
      { providerId: sid, ...(errorCode ? { errorCode: `twilio_${errorCode}` } : {}) },
    );
    const laterProblem = applied ? laterProblemOf(applied) : null;
    if (laterProblem) {
      const reason = errorCode ? twilioErrorReason(errorCode) : null;
      await queueLaterProblemNotes(trx, { ...delivery, channel: 'sms' }, laterProblem, reason, deps.now());
    }
    const problem = errorCode ? CALLBACK_PROBLEMS[errorCode] : undefined;
    if (applied && problem) {
      const touchpoint = await trx
        .selectFrom('touchpoint')
        .select('customer_id')
        .where('id', '=', delivery.touchpoint_id)
        .executeTakeFirstOrThrow();
      const sender = params['MessagingServiceSid'] || params['From'] || '';
      await persistRecipientProblem(
        trx,
        {
          organisationId: delivery.organisation_id,
          customerId: touchpoint.customer_id,
          to: delivery.recipient,
        },
        'sms',
        problem,
        sender,
        `twilio_${errorCode}`,
      );
    }
    return applied !== null;
  });
}
