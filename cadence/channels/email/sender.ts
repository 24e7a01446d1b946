import type { MailService } from '@sendgrid/mail';
import type { ChannelDeps } from '../deps.js';
import { maskRecipient } from '../mask.js';
import { persistRecipientProblem, recipientBlock } from '../recipients.js';
import type { ChannelSender, OutgoingMessage, SendOutcome } from '../types.js';
import { sendGridFailure } from './errors.js';

// SendGrid's own check is looser than RFC 5322; this refuses what it would refuse (and empty strings, B29).
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/** The custom args every email carries, so that Event Webhook events lead back to the delivery. */
export const CUSTOM_ARGS = {
  organisation: 'dunwise_organisation_id',
  touchpoint: 'dunwise_touchpoint_id',
  delivery: 'dunwise_delivery_id',
} as const;

/**
 * Sends one email through SendGrid. From: the business's verified sender when it has one, else the Dunwise sender
 * with the business's name as display name and the business as reply-to. Never throws: every provider answer
 * becomes a SendOutcome (202 → accepted, which is not "delivered": that comes by webhook).
 */
export function createEmailSender(
  deps: ChannelDeps,
  mail: MailService,
  options: { fromEmail: string },
): ChannelSender<'email'> {
  const log = deps.log.child({ module: 'channels', channel: 'email' });
  return {
    channel: 'email',
    async send(message: OutgoingMessage<'email'>): Promise<SendOutcome> {
      const to = message.to.trim();
      const logged = { deliveryId: message.deliveryId, to: maskRecipient(to) };
      if (!EMAIL.test(to)) {
        log.warn(logged, 'email not sent: no valid address');
        return failed('invalid_address', 'no valid email address', 'invalid_address');
      }
      try {
        const block = await recipientBlock(
          deps.db,
          message.organisationId,
          message.customerId,
          'email',
          to,
          '',
        );
        if (block) {
          log.info({ ...logged, reason: block.reason }, 'email not sent: recipient blocked');
          return failed(block.reason, block.detail, block.reason);
        }
        const ownSender = message.sender.email?.trim() || null;
        const [response] = await mail.send({
          to,
          from: { email: ownSender ?? options.fromEmail, name: message.sender.name },
          ...(message.sender.replyTo ? { replyTo: message.sender.replyTo } : {}),
          subject: message.rendered.subject,
          text: message.rendered.text,
          html: message.rendered.html,
          customArgs: {
            [CUSTOM_ARGS.organisation]: message.organisationId,
            [CUSTOM_ARGS.touchpoint]: message.touchpointId,
            [CUSTOM_ARGS.delivery]: message.deliveryId,
          },
        });
        const headers = response.headers as Record<string, unknown>;
        const providerId = typeof headers['x-message-id'] === 'string' ? headers['x-message-id'] : '';
        log.info({ ...logged, providerId }, 'email accepted by SendGrid');
        return { status: 'accepted', providerId };
      } catch (error) {
        const outcome = sendGridFailure(error, deps.now());
        log.error(
          {
            ...logged,
            code: outcome.code,
            error: outcome.message,
            accountProblem: outcome.accountProblem ?? false,
          },
          'email refused by SendGrid',
        );
        if (outcome.recipientProblem) {
          const problem = { ...message, to };
          await persistRecipientProblem(
            deps.db,
            problem,
            'email',
            outcome.recipientProblem,
            '',
            outcome.code,
          ).catch((err: unknown) => log.error({ ...logged, err }, 'could not record the recipient problem'));
        }
        return outcome;
      }
    },
  };
}

function failed(
  code: string,
  message: string,
  recipientProblem: 'invalid_address' | 'not_mobile' | 'opted_out',
): SendOutcome {
  return { status: 'failed', permanent: true, code, message, recipientProblem };
}
