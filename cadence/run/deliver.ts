import type { ChannelName, ChannelSenders, OutgoingMessage, SendOutcome } from '../channels/types.js';
import type { RenderedByChannel } from './messages.js';
import { recordSendOutcome } from '../channels/deliveries.js';
import { applyRecipientProblem, disableChannel } from './outcome-effects.js';
import type { DeliverySummary } from './notes-queue.js';
import type { TouchpointData } from './touchpoint-data.js';
import type { CadenceDeps } from './types.js';

export interface DeliveryResult extends DeliverySummary {
  accountProblem: boolean;
}

/** Every (channel, recipient) the touchpoint goes to, in the order the step lists its channels. */
export function deliveryTargets(data: TouchpointData): { channel: ChannelName; to: string }[] {
  const r = data.plan.recipients;
  return data.channels.flatMap((channel) => targetsOn(channel, r));
}

function targetsOn(
  channel: ChannelName,
  r: TouchpointData['plan']['recipients'],
): { channel: ChannelName; to: string }[] {
  if (channel === 'email') return r.emails.map((to) => ({ channel, to }));
  const to = channel === 'sms' ? r.sms : r.phone;
  return to === null ? [] : [{ channel, to }];
}

/** The channels this process has no sender for (provider not configured): the policy's `no_sender_number`. */
export function channelsWithoutSender(senders: ChannelSenders): ChannelName[] {
  return (['email', 'sms', 'call', 'call_task'] as const).filter((c) => senders[c] === undefined);
}

/**
 * The targets that can be sent now. A channel with no sender is skipped — nothing recorded, nothing used up —
 * exactly as the policy treats a channel without a sender number (`no_sender_number`): the planner already leaves
 * such channels out (see runCadence), so this only matters for a touchpoint planned earlier (approve-first) or by
 * a process configured differently. As in the policy, an automated call that cannot be made gives its place to
 * the step's fallback.
 */
export function sendableTargets(
  data: TouchpointData,
  senders: ChannelSenders,
): { targets: { channel: ChannelName; to: string }[]; skipped: ChannelName[] } {
  const all = deliveryTargets(data);
  const skipped = [...new Set(all.filter((t) => !senders[t.channel]).map((t) => t.channel))];
  const targets = all.filter((t) => senders[t.channel]);
  const fallback = data.plan.fallback;
  if (
    skipped.includes('call') &&
    fallback !== null &&
    senders[fallback] &&
    !data.channels.includes(fallback)
  ) {
    targets.push(...targetsOn(fallback, data.plan.recipients));
  }
  return { targets, skipped };
}

/**
 * Sends to one recipient on one channel. The delivery row is committed as 'sending' BEFORE the sender is called;
 * if the row already exists (an earlier, interrupted attempt), nothing is sent: at most once per recipient.
 * A sender that throws leaves the outcome unknown (the request may have reached the provider): never retried.
 */
export async function deliver(
  deps: CadenceDeps,
  data: TouchpointData,
  target: { channel: ChannelName; to: string },
  rendered: RenderedByChannel,
): Promise<DeliveryResult | null> {
  const sender = deps.senders[target.channel] as
    { send(message: OutgoingMessage): Promise<SendOutcome> } | undefined;
  // Callers send only to sendableTargets; a channel without a sender is skipped, never a failed delivery.
  if (!sender) return null;
  const created = await deps.db
    .insertInto('delivery')
    .values({
      organisation_id: data.organisationId,
      touchpoint_id: data.id,
      channel: target.channel,
      recipient: target.to,
      status: 'sending',
      status_history: JSON.stringify([
        { at: deps.now().toISOString(), status: 'sending', source: 'dunwise' },
      ]),
    })
    .onConflict((oc) => oc.columns(['touchpoint_id', 'channel', 'recipient']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!created) return null;
  return sendOnDelivery(deps, data, target, created.id, rendered, sender);
}

/**
 * Calls the sender for a delivery row already marked 'sending', and records what it answered: the outcome, a
 * recipient problem (opted out, not a mobile…) on the customer's contact, an account problem on the organisation.
 * A sender that throws leaves the outcome unknown (the request may have reached the provider): never retried.
 */
export async function sendOnDelivery(
  deps: CadenceDeps,
  data: TouchpointData,
  target: { channel: ChannelName; to: string },
  deliveryId: string,
  rendered: RenderedByChannel,
  sender: { send(message: OutgoingMessage): Promise<SendOutcome> },
): Promise<DeliveryResult> {
  let outcome: SendOutcome | 'unknown';
  try {
    outcome = await sender.send(outgoing(data, target, deliveryId, rendered));
  } catch (error) {
    deps.log.error({ err: error, deliveryId }, 'sender threw: outcome unknown');
    outcome = 'unknown';
  }
  const at = deps.now();
  if (outcome === 'unknown') {
    await deps.db
      .updateTable('delivery')
      .set({ status: 'unknown', error_message: 'the sender failed without an answer', updated_at: at })
      .where('id', '=', deliveryId)
      .execute();
    return {
      channel: target.channel,
      recipient: target.to,
      status: 'unknown',
      errorCode: null,
      accountProblem: false,
    };
  }
  // The channels' own recorder: a status callback that beat this answer is kept, a transient failure gets its
  // next_attempt_at (see retry-deliveries.ts).
  await recordSendOutcome(deps.db, deliveryId, outcome, at);
  if (outcome.status !== 'failed') {
    return {
      channel: target.channel,
      recipient: target.to,
      status: outcome.status,
      errorCode: null,
      accountProblem: false,
    };
  }
  if (outcome.recipientProblem) {
    await applyRecipientProblem(
      deps.db,
      {
        organisationId: data.organisationId,
        customerId: data.customerId,
        channel: target.channel,
        recipient: target.to,
        sender: senderNumber(data, target.channel) ?? '',
      },
      outcome.recipientProblem,
    );
  }
  if (outcome.accountProblem) {
    await disableChannel(deps.db, data.organisationId, target.channel, `${outcome.code}: ${outcome.message}`);
  }
  return {
    channel: target.channel,
    recipient: target.to,
    status: 'failed',
    errorCode: outcome.code,
    accountProblem: outcome.accountProblem === true,
  };
}

function senderNumber(data: TouchpointData, channel: ChannelName): string | null {
  if (channel === 'email') return null;
  return channel === 'sms' ? data.settings.smsFrom : data.settings.callerNumber;
}

function outgoing(
  data: TouchpointData,
  target: { channel: ChannelName; to: string },
  deliveryId: string,
  rendered: RenderedByChannel,
): OutgoingMessage {
  const base = {
    organisationId: data.organisationId,
    touchpointId: data.id,
    deliveryId,
    customerId: data.customerId,
    to: target.to,
    sender: {
      name: data.settings.senderName ?? data.organisationName,
      replyTo: data.settings.replyTo,
      phone: senderNumber(data, target.channel),
      businessPhone: data.settings.callerNumber,
    },
    language: data.language,
  };
  const message = rendered[target.channel];
  if (message === undefined) throw new Error(`no ${target.channel} message was rendered`);
  const fallbackSms =
    target.channel === 'call' && data.plan.fallback === 'sms' ? (rendered.sms ?? null) : undefined;
  return {
    ...base,
    channel: target.channel,
    rendered: message,
    ...(fallbackSms !== undefined && { fallbackSms }),
  };
}
