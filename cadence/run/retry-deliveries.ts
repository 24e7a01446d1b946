import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import type { ChannelName, OutgoingMessage, SendOutcome } from '../channels/types.js';
import { maskRecipient } from './contacts.js';
import { sendOnDelivery } from './deliver.js';
import { queueTouchpointEventNotes } from './event-notes.js';
import { renderTouchpoint } from './messages.js';
import { finalStatus } from './send.js';
import { loadTouchpointData, messageInput } from './touchpoint-data.js';
import type { CadenceDeps } from './types.js';

/** The first send plus five retries: with the doubling below, about two and a half hours of outage. */
export const MAX_ATTEMPTS = 6;
/** A reminder that could not go out within this long is stale (its days-overdue figure is wrong): not retried. */
const STALE_AFTER_MS = 24 * 3_600_000;

export interface RetrySummary {
  retried: number;
  /** Deliveries given up on, with why (paid meanwhile, opted out, too many attempts, too old). */
  abandoned: number;
}

/**
 * Sends again every delivery that failed transiently (provider outage, 429, outside the recipient's hours) once
 * its `next_attempt_at` has come, on the same delivery row, so a customer still gets at most one message per
 * recipient and step. Each retry first checks what the books say now: a touchpoint whose invoices were all paid or
 * voided meanwhile, or a recipient who opted out, is not retried. Backoff doubles from the provider's own delay
 * (Retry-After, or five minutes for a 5xx). Workers pick deliveries with SKIP LOCKED on their touchpoint, as the
 * first send does, so any number of processes can run this.
 */
export async function retryFailedDeliveries(
  deps: CadenceDeps,
  options: { now: Date; organisationId?: string | undefined },
): Promise<RetrySummary> {
  const summary: RetrySummary = { retried: 0, abandoned: 0 };
  const done: string[] = [];
  for (;;) {
    const picked = await deps.db.transaction().execute(async (lease) => {
      const row = await lease
        .selectFrom('delivery as d')
        .innerJoin('touchpoint as t', 't.id', 'd.touchpoint_id')
        .select(['d.id', 'd.touchpoint_id', 'd.channel', 'd.recipient', 'd.attempts', 't.claimed_at'])
        .where('d.status', '=', 'failed')
        .where('d.next_attempt_at', '<=', options.now)
        .where('t.status', 'in', ['sent', 'partially_sent', 'failed'])
        .$if(options.organisationId !== undefined, (q) =>
          q.where('d.organisation_id', '=', options.organisationId as string),
        )
        .$if(done.length > 0, (q) => q.where('d.id', 'not in', done))
        .orderBy('d.next_attempt_at')
        .limit(1)
        .forNoKeyUpdate('t')
        .skipLocked()
        .executeTakeFirst();
      if (!row) return null;
      return { id: row.id, retried: await retryOne(deps, lease, row, options.now) };
    });
    if (picked === null) return summary;
    done.push(picked.id);
    if (picked.retried) summary.retried += 1;
    else summary.abandoned += 1;
  }
}

interface FailedDelivery {
  id: string;
  touchpoint_id: string;
  channel: string;
  recipient: string;
  attempts: number;
  claimed_at: Date | null;
}

/**
 * Retries one delivery. The caller holds its touchpoint's row lock in `lease`, so the touchpoint is updated through
 * it (another connection would wait for that lock forever). False when the delivery was given up instead.
 */
async function retryOne(
  deps: CadenceDeps,
  lease: Kysely<Database>,
  delivery: FailedDelivery,
  now: Date,
): Promise<boolean> {
  const channel = delivery.channel as ChannelName;
  const sender = deps.senders[channel] as { send(m: OutgoingMessage): Promise<SendOutcome> } | undefined;
  const data = await loadTouchpointData(deps.db, delivery.touchpoint_id);
  const stillOwed = await deps.db
    .selectFrom('invoice')
    .select(['id', 'amount_due', 'currency'])
    .where(
      'id',
      'in',
      data.invoices.map((i) => i.id),
    )
    .where('status', '=', 'open')
    .where('amount_due', '>', '0')
    .execute();
  const optedOut =
    channel !== 'email' &&
    (await deps.db
      .selectFrom('opt_out')
      .select('address')
      .where('organisation_id', '=', data.organisationId)
      .where('channel', '=', channel === 'sms' ? 'sms' : 'call')
      .where('address', '=', delivery.recipient)
      .executeTakeFirst()) !== undefined;
  const tooOld =
    delivery.claimed_at !== null && now.getTime() - delivery.claimed_at.getTime() > STALE_AFTER_MS;
  const reason =
    data.invoices.length === 0 || stillOwed.length === 0
      ? 'paid or voided meanwhile'
      : optedOut
        ? 'the recipient opted out'
        : delivery.attempts >= MAX_ATTEMPTS
          ? `${delivery.attempts} attempts`
          : tooOld
            ? 'too old to send'
            : !sender
              ? `no ${channel} sender configured`
              : null;
  if (reason !== null || !sender) {
    await deps.db
      .updateTable('delivery')
      .set({ next_attempt_at: null, error_message: `not retried: ${reason ?? 'no sender'}` })
      .where('id', '=', delivery.id)
      .execute();
    return false;
  }

  // The message is rendered again from what is owed now (a partial payment since shows the new amount).
  const owed = new Map(stillOwed.map((i) => [i.id, i.amount_due]));
  const invoices = data.invoices
    .filter((i) => owed.has(i.id))
    .map((i) => ({ ...i, amountDue: owed.get(i.id) as string }));
  const channels: ChannelName[] =
    channel === 'call' && data.plan.fallback === 'sms' ? ['call', 'sms'] : [channel];
  const rendered = renderTouchpoint(messageInput(data, invoices), channels, data.plan.edits);
  // A 'sending' entry opens the attempt in the history too (the invoice page orders each attempt's callbacks).
  const sending = JSON.stringify([{ at: deps.now().toISOString(), status: 'sending', source: 'dunwise' }]);
  await deps.db
    .updateTable('delivery')
    .set({
      status: 'sending',
      status_history: sql`status_history || ${sending}::jsonb`,
      next_attempt_at: null,
      updated_at: deps.now(),
    })
    .where('id', '=', delivery.id)
    .execute();
  const target = { channel, to: delivery.recipient };
  const result = await sendOnDelivery(deps, data, target, delivery.id, rendered, sender);

  const after = await deps.db
    .selectFrom('delivery')
    .select(['channel', 'recipient', 'status', 'error_code', 'attempts', 'next_attempt_at'])
    .where('touchpoint_id', '=', data.id)
    .execute();
  const mine = after.find((d) => d.channel === channel && d.recipient === delivery.recipient);
  if (
    mine &&
    mine.status === 'failed' &&
    mine.next_attempt_at !== null &&
    mine.error_code !== 'outside_recipient_hours'
  ) {
    // Doubling backoff from the provider's own delay, so a long outage is not hammered every five minutes.
    const providerDelay = mine.next_attempt_at.getTime() - deps.now().getTime();
    const delay = Math.max(providerDelay, 60_000) * 2 ** Math.max(0, mine.attempts - 1);
    await deps.db
      .updateTable('delivery')
      .set({ next_attempt_at: new Date(deps.now().getTime() + delay) })
      .where('id', '=', delivery.id)
      .execute();
  }
  const status = finalStatus(after.map((d) => ({ ...d, errorCode: d.error_code })));
  await lease
    .updateTable('touchpoint')
    .set({ status, ...(status !== 'failed' ? { sent_at: deps.now() } : {}), updated_at: deps.now() })
    .where('id', '=', data.id)
    .execute();
  if (result.status !== 'failed' && result.status !== 'unknown') {
    const what =
      channel === 'call'
        ? 'automated call'
        : channel === 'call_task'
          ? 'call task'
          : channel === 'sms'
            ? 'SMS'
            : 'email';
    await queueTouchpointEventNotes(
      lease,
      data.id,
      `retry:${delivery.id}`,
      `Dunwise reminder, step ${data.step}: ${what} to ${maskRecipient(channel, delivery.recipient)} sent on retry, after a provider error.`,
      now,
    );
  }
  return true;
}
