import type { ChannelDeps } from '../deps.js';
import { maskRecipient } from '../mask.js';
import { recipientHoursRefusal } from '../recipient-hours.js';
import { persistRecipientProblem, recipientBlock } from '../recipients.js';
import type { TwilioClient } from '../twilio-client.js';
import { twilioCost, twilioFailure } from '../twilio-errors.js';
import type { ChannelSender, OutgoingMessage, SendOutcome } from '../types.js';

export interface TwilioSenderOptions {
  /** Public base URL of the app, for status callbacks. */
  appUrl: string;
  /** The default number SMS and calls come from when the business has none of its own. */
  fromNumber: string | null;
  messagingServiceSid: string | null;
}

/** The sender identity an SMS goes out under, which is also what STOP applies to (Twilio opts out per sender). */
export function smsSenderKey(message: { sender: { phone: string | null } }, options: TwilioSenderOptions) {
  if (message.sender.phone) return { from: message.sender.phone, key: message.sender.phone };
  if (options.fromNumber) return { from: options.fromNumber, key: options.fromNumber };
  if (options.messagingServiceSid)
    return { messagingServiceSid: options.messagingServiceSid, key: options.messagingServiceSid };
  return null;
}

export function statusCallbackUrl(appUrl: string, deliveryId: string): string {
  return `${appUrl}/webhooks/twilio/status?delivery=${encodeURIComponent(deliveryId)}`;
}

/**
 * Sends one SMS through Twilio. `to` is E.164 already (see toE164). 21211 / 21614 / 21610 come back as permanent
 * failures naming the recipient problem (B24, B25); nothing is ever thrown out of `send`.
 */
export function createSmsSender(
  deps: ChannelDeps,
  client: TwilioClient,
  options: TwilioSenderOptions,
): ChannelSender<'sms'> {
  const log = deps.log.child({ module: 'channels', channel: 'sms' });
  return {
    channel: 'sms',
    async send(message: OutgoingMessage<'sms'>): Promise<SendOutcome> {
      const logged = { deliveryId: message.deliveryId, to: maskRecipient(message.to) };
      const sender = smsSenderKey(message, options);
      if (!sender) {
        return {
          status: 'failed',
          permanent: true,
          accountProblem: true,
          code: 'no_sms_sender',
          message: 'no SMS number configured',
        };
      }
      try {
        const block = await recipientBlock(
          deps.db,
          message.organisationId,
          message.customerId,
          'sms',
          message.to,
          sender.key,
        );
        if (block) {
          log.info({ ...logged, reason: block.reason }, 'SMS not sent: recipient blocked');
          return {
            status: 'failed',
            permanent: true,
            code: block.reason,
            message: block.detail,
            recipientProblem: block.reason,
          };
        }
        const refusal = await recipientHoursRefusal(deps.db, message, deps.now());
        if (refusal) {
          log.warn(
            { ...logged, zones: refusal.zones },
            'SMS not sent: outside 08:00–21:00 for the recipient',
          );
          return {
            status: 'failed',
            permanent: false,
            code: 'outside_recipient_hours',
            message: `outside 08:00–21:00 in ${refusal.zones.join(', ')}`,
            retryAfterMs: refusal.retryAfterMs,
          };
        }
        const sent = await client.messages.create({
          to: message.to,
          body: message.rendered.body,
          ...('from' in sender ? { from: sender.from } : { messagingServiceSid: sender.messagingServiceSid }),
          statusCallback: statusCallbackUrl(options.appUrl, message.deliveryId),
        });
        log.info({ ...logged, providerId: sent.sid, segments: sent.numSegments }, 'SMS accepted by Twilio');
        return { status: 'accepted', providerId: sent.sid, cost: twilioCost(sent.price, sent.priceUnit) };
      } catch (error) {
        const outcome = twilioFailure(error);
        log.error({ ...logged, code: outcome.code, error: outcome.message }, 'SMS refused by Twilio');
        if (outcome.recipientProblem) {
          await persistRecipientProblem(
            deps.db,
            message,
            'sms',
            outcome.recipientProblem,
            sender.key,
            outcome.code,
          ).catch((err: unknown) => log.error({ ...logged, err }, 'could not record the recipient problem'));
        }
        return outcome;
      }
    },
  };
}
