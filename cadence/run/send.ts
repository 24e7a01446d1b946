import type { Kysely } from 'kysely';
import type { Database, TouchpointStatus } from '../../server/db/schema.js';
import { localDateOf } from '../policy/index.js';
import type { ChannelName } from '../channels/types.js';
import { deliver, sendableTargets, type DeliveryResult } from './deliver.js';
import { renderTouchpoint, type RenderedByChannel } from './messages.js';
import { queueNotes, type DeliverySummary } from './notes-queue.js';
import { recheckSource } from './recheck.js';
import { loadTouchpointData, messageInput, type TouchpointData } from './touchpoint-data.js';
import type { CadenceDeps } from './types.js';

type Lease = Kysely<Database>;

export type SendResult = TouchpointStatus | 'deferred';

/**
 * Sends claimed touchpoints one at a time until none is left (for one organisation, or all). Each is picked with
 * `FOR NO KEY UPDATE SKIP LOCKED` and the row lock is held while it is sent: another worker skips it, and if this
 * process dies the lock goes with its connection, so the next pass finds the touchpoint unlocked with deliveries
 * left in 'sending' and marks them unknown instead of sending again. (NO KEY UPDATE, not UPDATE: the delivery rows
 * committed meanwhile reference the touchpoint, and their foreign-key check takes a KEY SHARE lock on it.)
 */
export async function sendClaimedTouchpoints(
  deps: CadenceDeps,
  options: { organisationId?: string | undefined; now: Date },
): Promise<Map<string, SendResult>> {
  const results = new Map<string, SendResult>();
  for (;;) {
    const picked = await deps.db.transaction().execute(async (lease) => {
      const row = await lease
        .selectFrom('touchpoint')
        .select('id')
        .where('status', '=', 'claimed')
        .$if(options.organisationId !== undefined, (q) =>
          q.where('organisation_id', '=', options.organisationId as string),
        )
        .$if(results.size > 0, (q) => q.where('id', 'not in', [...results.keys()]))
        .orderBy('planned_at')
        .limit(1)
        .forNoKeyUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return null;
      return { id: row.id, result: await processTouchpoint(deps, lease, row.id, options.now) };
    });
    if (picked === null) return results;
    results.set(picked.id, picked.result);
  }
}

/** Sends one claimed touchpoint whose row the caller holds locked in `lease`. */
export async function processTouchpoint(
  deps: CadenceDeps,
  lease: Lease,
  touchpointId: string,
  now: Date,
): Promise<SendResult> {
  const data = await loadTouchpointData(deps.db, touchpointId);
  const earlier = await deps.db
    .selectFrom('delivery')
    .select(['channel', 'recipient', 'status', 'error_code'])
    .where('touchpoint_id', '=', touchpointId)
    .execute();
  if (earlier.length > 0) return finishInterrupted(deps, lease, data, now);

  if (!data.approved && data.localDate < localDateOf(now, data.timeZone)) {
    // Could not be sent on its day (the source was unreachable): let the invoices catch up from a fresh plan.
    return cancel(lease, data, 'expired: not sent on its day; its steps are free again', true);
  }
  const checked = await recheckSource(deps, data);
  if (!checked.ok) {
    await lease.updateTable('touchpoint').set({ detail: checked.reason }).where('id', '=', data.id).execute();
    deps.log.warn({ touchpointId, reason: checked.reason }, 'touchpoint deferred');
    return 'deferred';
  }
  for (const { invoice } of checked.dropped) {
    await lease
      .deleteFrom('touchpoint_invoice')
      .where('touchpoint_id', '=', data.id)
      .where('invoice_id', '=', invoice.id)
      .execute();
  }
  const droppedText = checked.dropped.map((d) => `${d.invoice.number} ${d.why}`).join(', ');
  if (checked.kept.length === 0) return cancel(lease, data, `nothing left to chase: ${droppedText}`, false);
  for (const invoice of checked.kept) {
    await lease
      .updateTable('touchpoint_invoice')
      .set({ amount_due: invoice.amountDue, currency: invoice.currency })
      .where('touchpoint_id', '=', data.id)
      .where('invoice_id', '=', invoice.id)
      .execute();
  }

  const { targets, skipped } = sendableTargets(data, deps.senders);
  if (targets.length === 0 && skipped.length > 0) {
    // Like a disabled channel: nothing was sent, so the steps stay free for when a sender is configured.
    return cancel(lease, data, `not sent: no ${skipped.join(', ')} sender configured`, true);
  }
  let rendered: RenderedByChannel;
  try {
    rendered = renderTouchpoint(
      messageInput(data, checked.kept),
      renderChannels(data, targets),
      data.plan.edits,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return cancel(lease, data, `template error: ${message}`, true);
  }

  const results: DeliveryResult[] = [];
  for (const target of targets) {
    const result = await deliver(deps, data, target, rendered);
    if (result) results.push(result);
  }
  if (results.length > 0 && results.every((r) => r.accountProblem)) {
    // The account, not the customer, is the problem: the cadence state stays as it was.
    return cancel(
      lease,
      data,
      `not sent: ${results[0]?.errorCode ?? 'account problem'} (channel disabled)`,
      true,
    );
  }
  const status = finalStatus(results);
  const detail = [
    droppedText && `dropped: ${droppedText}`,
    skipped.length > 0 && `skipped: ${skipped.join(', ')} (no sender configured)`,
    results.length === 0 && 'no recipient',
  ]
    .filter(Boolean)
    .join('; ');
  await finish(lease, data, status, detail || null, deps.now());
  await queueNotes(lease, { ...data, status }, checked.kept, results, now);
  return status;
}

/** A previous attempt died mid-send: whatever was 'sending' is unknown, and nothing is sent again. */
async function finishInterrupted(
  deps: CadenceDeps,
  lease: Lease,
  data: TouchpointData,
  now: Date,
): Promise<SendResult> {
  await deps.db
    .updateTable('delivery')
    .set({
      status: 'unknown',
      error_message: 'interrupted while sending; not retried',
      updated_at: deps.now(),
    })
    .where('touchpoint_id', '=', data.id)
    .where('status', '=', 'sending')
    .execute();
  const deliveries = await deps.db
    .selectFrom('delivery')
    .select(['channel', 'recipient', 'status', 'error_code'])
    .where('touchpoint_id', '=', data.id)
    .execute();
  const summaries: DeliverySummary[] = deliveries.map((d) => ({
    channel: d.channel,
    recipient: d.recipient,
    status: d.status,
    errorCode: d.error_code,
  }));
  const status = finalStatus(summaries);
  await finish(lease, data, status, 'interrupted while sending: outcome unknown, not retried', deps.now());
  await queueNotes(lease, { ...data, status }, data.invoices, summaries, now);
  return status;
}

/** A touchpoint's status from its deliveries: sent, partially sent, unknown, or failed. */
export function finalStatus(results: readonly DeliverySummary[]): TouchpointStatus {
  const ok = results.filter((r) => r.status !== 'failed' && r.status !== 'unknown' && r.status !== 'sending');
  if (results.length > 0 && ok.length === results.length) return 'sent';
  if (ok.length > 0) return 'partially_sent';
  return results.some((r) => r.status === 'unknown' || r.status === 'sending') ? 'unknown' : 'failed';
}

async function finish(
  lease: Lease,
  data: TouchpointData,
  status: TouchpointStatus,
  detail: string | null,
  at: Date,
): Promise<void> {
  await lease
    .updateTable('touchpoint')
    .set({ status, detail, sent_at: status === 'failed' ? null : at, updated_at: at })
    .where('id', '=', data.id)
    .execute();
}

/** Nothing was sent. `release` frees the invoices' steps so the cadence picks them up again. */
async function cancel(
  lease: Lease,
  data: TouchpointData,
  detail: string,
  release: boolean,
): Promise<SendResult> {
  if (release) await lease.deleteFrom('touchpoint_invoice').where('touchpoint_id', '=', data.id).execute();
  await lease
    .updateTable('touchpoint')
    .set({ status: 'cancelled', detail })
    .where('id', '=', data.id)
    .execute();
  return 'cancelled';
}

/** The channels to render: those sent to, plus the SMS an unanswered call falls back to. */
function renderChannels(data: TouchpointData, targets: readonly { channel: ChannelName }[]): ChannelName[] {
  const channels = [...new Set(targets.map((t) => t.channel))];
  if (data.plan.fallback === 'sms' && channels.includes('call') && !channels.includes('sms'))
    channels.push('sms');
  return channels;
}
