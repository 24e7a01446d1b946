import type { RenderedMessages } from '../../templates/index.js';
import { channelDb } from '../db.js';
import { recordSendOutcome, type DeliveryRef } from '../deliveries.js';
import type { StatusEntry } from '../delivery-status.js';
import type { ChannelDeps } from '../deps.js';
import type { ChannelSender } from '../types.js';

export type FallbackResult = 'sent' | 'failed' | 'none' | 'already_sent';

/**
 * Sends the step's SMS after an automated call that nobody (or only a machine) answered — the 7-day rule's day
 * 14. Exactly once per call, whatever the callbacks do: the SMS gets its own delivery row under the same
 * touchpoint, and `unique (touchpoint_id, channel, recipient)` lets only the first callback create it. A touchpoint
 * that already texted this number (a step with call + SMS) therefore gets no second SMS either.
 */
export async function sendFallbackSms(
  deps: ChannelDeps,
  sms: ChannelSender<'sms'>,
  call: DeliveryRef,
  reason: string,
): Promise<FallbackResult> {
  const db = channelDb(deps.db);
  const detail = await db
    .selectFrom('call_detail')
    .select(['fallback_sms', 'sms_from', 'business_phone'])
    .where('delivery_id', '=', call.id)
    .executeTakeFirst();
  if (!detail?.fallback_sms) return 'none';
  const touchpoint = await db
    .selectFrom('touchpoint')
    .innerJoin('organisation', 'organisation.id', 'touchpoint.organisation_id')
    .select(['touchpoint.customer_id', 'touchpoint.language', 'organisation.name'])
    .where('touchpoint.id', '=', call.touchpoint_id)
    .executeTakeFirstOrThrow();
  const now = deps.now();
  const first: StatusEntry = {
    at: now.toISOString(),
    status: 'sending',
    source: 'dunwise',
    detail: `call ${reason}`,
  };
  const inserted = await db
    .insertInto('delivery')
    .values({
      organisation_id: call.organisation_id,
      touchpoint_id: call.touchpoint_id,
      channel: 'sms',
      recipient: call.recipient,
      status: 'sending',
      status_history: JSON.stringify([first]),
    })
    .onConflict((oc) => oc.columns(['touchpoint_id', 'channel', 'recipient']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return 'already_sent';
  await db
    .updateTable('call_detail')
    .set({ fallback_delivery_id: inserted.id, updated_at: now })
    .where('delivery_id', '=', call.id)
    .execute();
  const outcome = await sms.send({
    organisationId: call.organisation_id,
    touchpointId: call.touchpoint_id,
    deliveryId: inserted.id,
    customerId: touchpoint.customer_id,
    channel: 'sms',
    to: call.recipient,
    sender: {
      name: touchpoint.name,
      replyTo: null,
      phone: detail.sms_from,
      businessPhone: detail.business_phone,
    },
    language: touchpoint.language === 'fr' ? 'fr' : 'en',
    rendered: JSON.parse(detail.fallback_sms) as RenderedMessages['sms'],
  });
  await recordSendOutcome(deps.db, inserted.id, outcome, deps.now());
  return outcome.status === 'accepted' ? 'sent' : 'failed';
}
