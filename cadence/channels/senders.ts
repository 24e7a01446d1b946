import type { Router } from 'express';
import type { Config } from '../../server/config.js';
import { createCallTaskSender } from './call-task/sender.js';
import type { ChannelDeps } from './deps.js';
import { createMailService } from './email/sendgrid-client.js';
import { createEmailSender } from './email/sender.js';
import { sendGridWebhookRouter } from './email/webhook.js';
import { createSmsSender, type TwilioSenderOptions } from './sms/sender.js';
import { createTwilioClient } from './twilio-client.js';
import { twilioWebhookRouter } from './twilio-webhook.js';
import type { ChannelSenders } from './types.js';
import { createCallSender } from './voice/sender.js';

type ChannelConfig = Pick<Config, 'appUrl' | 'sendgrid' | 'twilio'>;

export interface ChannelOptions {
  /**
   * The Dunwise address email comes from when a business has no verified sender of its own; it must be a
   * verified Sender Identity (or domain) in the SendGrid account. Default: reminders@ the app's host.
   */
  emailFrom?: string;
}

/** reminders@<host of APP_URL>, or reminders@dunwise.local when the host is a bare name such as localhost. */
export function dunwiseSenderAddress(appUrl: string): string {
  const host = new URL(appUrl).hostname;
  return `reminders@${host.includes('.') && !/^[\d.]+$/.test(host) ? host : 'dunwise.local'}`;
}

function twilioOptions(config: ChannelConfig): TwilioSenderOptions | null {
  if (!config.twilio) return null;
  return {
    appUrl: config.appUrl,
    fromNumber: config.twilio.fromNumber,
    messagingServiceSid: config.twilio.messagingServiceSid,
  };
}

/**
 * The senders for the channels whose provider is configured: email with SendGrid, SMS and automated calls with
 * Twilio; call tasks need no provider. A channel with no sender is planned around and skipped by the runner, as
 * the policy treats a channel without a sender number (cadence/run/deliver.ts `sendableTargets`).
 */
export function createChannelSenders(
  deps: ChannelDeps & ChannelOptions,
  config: ChannelConfig,
): ChannelSenders {
  const senders: ChannelSenders = { call_task: createCallTaskSender(deps) };
  if (config.sendgrid) {
    senders.email = createEmailSender(deps, createMailService(config.sendgrid), {
      fromEmail: deps.emailFrom ?? dunwiseSenderAddress(config.appUrl),
    });
  }
  const options = twilioOptions(config);
  if (config.twilio && options) {
    const client = createTwilioClient(config.twilio);
    senders.sms = createSmsSender(deps, client, options);
    senders.call = createCallSender(deps, client, options);
  }
  return senders;
}

/**
 * The provider webhooks to mount under `/webhooks` (raw body, no session): `POST /sendgrid`,
 * `POST /twilio/status`, `POST /twilio/sms`, `POST /twilio/gather` — for the configured providers only.
 */
export function channelWebhookRouters(deps: ChannelDeps, config: ChannelConfig): Router[] {
  const routers: Router[] = [];
  if (config.sendgrid) routers.push(sendGridWebhookRouter(deps, config.sendgrid));
  const options = twilioOptions(config);
  if (config.twilio && options) {
    // Unanswered calls send their fallback SMS from the webhook, with the same sender the runner uses.
    const sms = createSmsSender(deps, createTwilioClient(config.twilio), options);
    routers.push(twilioWebhookRouter(deps, config.twilio, config.appUrl, sms));
  }
  return routers;
}
