import { channelDb } from '../db.js';
import type { ChannelDeps } from '../deps.js';
import { maskRecipient } from '../mask.js';
import { recipientHoursRefusal } from '../recipient-hours.js';
import { persistRecipientProblem, recipientBlock } from '../recipients.js';
import { statusCallbackUrl, type TwilioSenderOptions } from '../sms/sender.js';
import type { TwilioClient } from '../twilio-client.js';
import { twilioCost, twilioFailure } from '../twilio-errors.js';
import type { ChannelSender, OutgoingMessage, SendOutcome } from '../types.js';
import { callTwiml } from './twiml.js';

/**
 * Places one automated call. Refuses (as a transient failure, with the wait) outside 08:00–21:00 where the
 * recipient is. Before dialling it stores what the callbacks will need — the business's number for "press 1" and
 * the step's fallback SMS — because the status callback may arrive before `send` even returns.
 */
export function createCallSender(
  deps: ChannelDeps,
  client: TwilioClient,
  options: TwilioSenderOptions,
): ChannelSender<'call'> {
  const log = deps.log.child({ module: 'channels', channel: 'call' });
  const db = channelDb(deps.db);
  return {
    channel: 'call',
    async send(message: OutgoingMessage<'call'>): Promise<SendOutcome> {
      const logged = { deliveryId: message.deliveryId, to: maskRecipient(message.to) };
      const from = message.sender.phone ?? options.fromNumber;
      if (!from) {
        return {
          status: 'failed',
          permanent: true,
          accountProblem: true,
          code: 'no_caller_number',
          message: 'no caller number configured',
        };
      }
      try {
        const refusal = await recipientHoursRefusal(deps.db, message, deps.now());
        if (refusal) {
          log.warn(
            { ...logged, zones: refusal.zones },
            'call not placed: outside 08:00–21:00 for the recipient',
          );
          return {
            status: 'failed',
            permanent: false,
            code: 'outside_recipient_hours',
            message: `calls are allowed only 08:00–21:00 for the recipient (${refusal.zones.join(', ')})`,
            retryAfterMs: refusal.retryAfterMs,
          };
        }
        const block = await recipientBlock(
          deps.db,
          message.organisationId,
          message.customerId,
          'call',
          message.to,
          from,
        );
        if (block) {
          log.info({ ...logged, reason: block.reason }, 'call not placed: recipient blocked');
          return {
            status: 'failed',
            permanent: true,
            code: block.reason,
            message: block.detail,
            recipientProblem: block.reason,
          };
        }
        const detail = {
          business_phone: message.sender.businessPhone,
          sms_from: message.sender.phone,
          fallback_sms: message.fallbackSms ? JSON.stringify(message.fallbackSms) : null,
        };
        await db
          .insertInto('call_detail')
          .values({
            delivery_id: message.deliveryId,
            organisation_id: message.organisationId,
            touchpoint_id: message.touchpointId,
            ...detail,
          })
          .onConflict((oc) => oc.column('delivery_id').doUpdateSet({ ...detail, updated_at: deps.now() }))
          .execute();
        const call = await client.calls.create({
          to: message.to,
          from,
          twiml: callTwiml(message.rendered, {
            appUrl: options.appUrl,
            deliveryId: message.deliveryId,
            businessPhone: message.sender.businessPhone,
          }),
          machineDetection: 'Enable',
          statusCallback: statusCallbackUrl(options.appUrl, message.deliveryId),
          statusCallbackMethod: 'POST',
          statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        });
        log.info({ ...logged, providerId: call.sid }, 'call placed with Twilio');
        return { status: 'accepted', providerId: call.sid, cost: twilioCost(call.price, call.priceUnit) };
      } catch (error) {
        const outcome = twilioFailure(error);
        log.error({ ...logged, code: outcome.code, error: outcome.message }, 'call refused by Twilio');
        if (outcome.recipientProblem && outcome.recipientProblem !== 'not_mobile') {
          await persistRecipientProblem(
            deps.db,
            message,
            'call',
            outcome.recipientProblem,
            from,
            outcome.code,
          ).catch((err: unknown) => log.error({ ...logged, err }, 'could not record the recipient problem'));
        }
        return outcome;
      }
    },
  };
}
