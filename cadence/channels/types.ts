import type { RenderedMessages } from '../templates/index.js';

/**
 * The port between the cadence runner (cadence/run) and the channels (cadence/channels). The runner claims a
 * touchpoint, creates one `delivery` row per channel and recipient, renders the message, and hands it to the
 * channel's sender. Senders talk to SendGrid / Twilio (or create a call task) and report what the provider said
 * *synchronously*; later truths (delivered, bounced, unanswered call → SMS fallback) arrive by webhook and are
 * applied by the channels module itself to the same `delivery` row (found by `provider_id`).
 */
export type ChannelName = 'email' | 'sms' | 'call' | 'call_task';

export interface OutgoingMessage<C extends ChannelName = ChannelName> {
  organisationId: string;
  touchpointId: string;
  deliveryId: string;
  customerId: string;
  channel: C;
  /** Email address, or E.164 phone number (already normalised by the runner with libphonenumber-js). */
  to: string;
  sender: {
    /** The business's name, shown as the From name and spoken in calls. */
    name: string;
    replyTo: string | null;
    /** The business's own verified sender address, when it set one up; else email comes from a Dunwise sender. */
    email?: string | null;
    /** E.164 number SMS and calls come from; null → the configured default. */
    phone: string | null;
    /** The business's own number for "press 1 to speak to us". */
    businessPhone: string | null;
  };
  language: 'en' | 'fr';
  rendered: C extends 'email'
    ? RenderedMessages['email']
    : C extends 'sms'
      ? RenderedMessages['sms']
      : C extends 'call'
        ? RenderedMessages['voice']
        : RenderedMessages['call_task'];
  /** The SMS to send if this call goes unanswered (the 7-day rule's day-14 step), rendered up front. */
  fallbackSms?: RenderedMessages['sms'] | null;
}

export type SendOutcome =
  /** The provider accepted it (202/201). Not "delivered": delivery comes later by webhook. */
  | { status: 'accepted'; providerId: string; cost?: { amount: string; currency: string } | null }
  /** A call task was created for a person to do. */
  | { status: 'task_created'; taskId: string }
  | {
      status: 'failed';
      /** Retrying the same message cannot succeed (bad number, opted out, bounced address). */
      permanent: boolean;
      code: string;
      message: string;
      /** What this failure proves about the recipient, so later steps skip it. */
      recipientProblem?: 'invalid_address' | 'not_mobile' | 'opted_out' | null;
      /** The organisation's provider account is the problem (SendGrid 401/403): stop that channel for it. */
      accountProblem?: boolean;
      /** For transient failures: when to try again. */
      retryAfterMs?: number;
    };

export interface ChannelSender<C extends ChannelName = ChannelName> {
  readonly channel: C;
  send(message: OutgoingMessage<C>): Promise<SendOutcome>;
}

export type ChannelSenders = { [C in ChannelName]?: ChannelSender<C> };
