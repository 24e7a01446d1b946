import { queueCallOutcomeNotes } from '../../run/event-notes.js';
import { channelDb, type CallOutcome } from '../db.js';
import { applyDeliveryStatus, type DeliveryRef } from '../deliveries.js';
import type { DeliveryStatus } from '../delivery-status.js';
import type { ChannelDeps } from '../deps.js';
import type { ChannelSender } from '../types.js';
import { sendFallbackSms, type FallbackResult } from './fallback.js';

/** How a finished call ended, from Twilio's CallStatus and (with machine detection) AnsweredBy. */
export function callOutcome(callStatus: string, answeredBy: string | undefined): CallOutcome | null {
  switch (callStatus) {
    case 'completed':
      return answeredBy?.startsWith('machine') || answeredBy === 'fax' ? 'machine' : 'human';
    case 'no-answer':
      return 'no_answer';
    case 'busy':
      return 'busy';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}

function statusOf(callStatus: string, answeredBy: string | undefined): DeliveryStatus | null {
  switch (callStatus) {
    case 'queued':
    case 'initiated':
      return 'queued';
    case 'ringing':
      return 'ringing';
    case 'in-progress':
      return answeredBy?.startsWith('machine') ? 'answered_machine' : 'in_progress';
    default: {
      const outcome = callOutcome(callStatus, answeredBy);
      if (outcome === null) return null;
      const statuses: Record<CallOutcome, DeliveryStatus> = {
        human: 'answered_human',
        machine: 'answered_machine',
        no_answer: 'no_answer',
        busy: 'busy',
        failed: 'failed',
      };
      return statuses[outcome];
    }
  }
}

/**
 * Applies a call status callback; when the call has ended unanswered, busy, failed or on a machine, records the
 * outcome and sends the step's fallback SMS (once).
 */
export async function applyCallStatus(
  deps: ChannelDeps,
  sms: ChannelSender<'sms'> | undefined,
  delivery: DeliveryRef,
  params: Record<string, string>,
): Promise<FallbackResult | null> {
  const callStatus = params['CallStatus'] ?? '';
  const answeredBy = params['AnsweredBy'];
  const status = statusOf(callStatus, answeredBy);
  if (!status) return null;
  const sid = params['CallSid'] ?? null;
  await applyDeliveryStatus(
    deps.db,
    delivery.id,
    {
      at: deps.now().toISOString(),
      status,
      source: 'twilio',
      detail: [callStatus, answeredBy].filter(Boolean).join(' '),
      eventId: `${sid}:${callStatus}:${answeredBy ?? ''}`,
    },
    { providerId: sid, ...(status === 'failed' ? { errorCode: params['ErrorCode'] ?? 'call_failed' } : {}) },
  );
  const outcome = callOutcome(callStatus, answeredBy);
  if (outcome === null) return null;
  await channelDb(deps.db)
    .updateTable('call_detail')
    .set({ outcome, updated_at: deps.now() })
    .where('delivery_id', '=', delivery.id)
    .execute();
  const fallback = outcome === 'human' || !sms ? null : await sendFallbackSms(deps, sms, delivery, outcome);
  await noteCallOutcome(deps, delivery, outcome);
  return fallback;
}

/** The outcome (and the SMS sent instead) as a note on the touchpoint's invoices, through the notes queue. */
async function noteCallOutcome(
  deps: ChannelDeps,
  delivery: DeliveryRef,
  outcome: CallOutcome,
): Promise<void> {
  const detail = await channelDb(deps.db)
    .selectFrom('call_detail')
    .select(['fallback_sms', 'fallback_delivery_id'])
    .where('delivery_id', '=', delivery.id)
    .executeTakeFirst();
  await queueCallOutcomeNotes(
    deps.db,
    delivery,
    outcome,
    {
      fallbackSms: Boolean(detail?.fallback_sms),
      fallbackDeliveryId: detail?.fallback_delivery_id ?? null,
    },
    deps.now(),
  );
}
