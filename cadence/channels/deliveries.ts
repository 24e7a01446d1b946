import type { Db } from '../../server/db/connect.js';
import { inTransaction } from '../../server/db/transaction.js';
import { laterStatus, type DeliveryStatus, type StatusEntry } from './delivery-status.js';
import type { SendOutcome } from './types.js';

export interface DeliveryRef {
  id: string;
  organisation_id: string;
  touchpoint_id: string;
  channel: string;
  recipient: string;
  status: string;
}

export interface DeliveryUpdate {
  errorCode?: string | null;
  errorMessage?: string | null;
  providerId?: string | null;
  cost?: { amount: string; currency: string } | null;
  /**
   * This report starts a new attempt (a sender's answer): unless the provider already reported on this very
   * provider id (a callback that beat the sender's return), the status restarts from `entry.status`.
   */
  newAttempt?: boolean;
}

/**
 * Applies one status report to a delivery: appends it to `status_history` (unless the same event id is already
 * there), moves `status` forward only (see laterStatus) and records error and cost fields when given. The row is
 * locked while it changes, so concurrent callbacks for the same delivery cannot lose each other's entries.
 * Returns the status before and after, or null when the event was a repeat or the delivery does not exist. Given a
 * transaction, it joins it, so what the change implies (notes, marks on the contact) commits with it or not at all.
 */
export async function applyDeliveryStatus(
  db: Db,
  deliveryId: string,
  entry: StatusEntry,
  update: DeliveryUpdate = {},
): Promise<{ before: string; after: string } | null> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('delivery')
      .select(['status', 'status_history', 'provider_id'])
      .where('id', '=', deliveryId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return null;
    const history = row.status_history as StatusEntry[];
    if (entry.eventId && history.some((h) => h.eventId === entry.eventId)) return null;
    const reportedId = update.providerId ?? null;
    // A sender's answer starts a new attempt. So does the first report on a provider id when the row has none yet:
    // after a failed attempt, the retry's callbacks can arrive before the sender's own record of it.
    const restart =
      reportedId !== row.provider_id &&
      (update.newAttempt === true || (row.provider_id === null && reportedId !== null));
    const after = restart ? entry.status : laterStatus(row.status, entry.status);
    await trx
      .updateTable('delivery')
      .set({
        status: after,
        status_history: JSON.stringify([...history, dropEmpty(entry)]),
        updated_at: entry.at,
        ...(update.errorCode !== undefined ? { error_code: update.errorCode } : {}),
        ...(update.errorMessage !== undefined ? { error_message: update.errorMessage } : {}),
        ...(update.providerId ? { provider_id: update.providerId } : {}),
        ...(update.cost ? { cost: update.cost.amount, cost_currency: update.cost.currency } : {}),
      })
      .where('id', '=', deliveryId)
      .execute();
    return { before: row.status, after };
  });
}

/**
 * Records what a sender answered on its delivery row: provider id and cost for 'accepted', error code and message
 * for 'failed', and one more attempt; a transient failure gets `next_attempt_at` so the runner can retry later.
 * The cadence runner can call this after `send`; the channels use it for the fallback SMS they send themselves.
 */
export async function recordSendOutcome(
  db: Db,
  deliveryId: string,
  outcome: SendOutcome,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const status: DeliveryStatus =
    outcome.status === 'failed' ? 'failed' : outcome.status === 'accepted' ? 'accepted' : 'task_created';
  const detail = outcome.status === 'failed' ? outcome.code : null;
  await applyDeliveryStatus(
    db,
    deliveryId,
    { at, status, source: 'dunwise', detail },
    outcome.status === 'accepted'
      ? {
          providerId: outcome.providerId,
          cost: outcome.cost ?? null,
          errorCode: null,
          errorMessage: null,
          newAttempt: true,
        }
      : outcome.status === 'failed'
        ? { errorCode: outcome.code, errorMessage: outcome.message.slice(0, 1000), newAttempt: true }
        : { providerId: outcome.taskId, errorCode: null, errorMessage: null, newAttempt: true },
  );
  await db
    .updateTable('delivery')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      next_attempt_at:
        outcome.status === 'failed' && !outcome.permanent
          ? new Date(now.getTime() + (outcome.retryAfterMs ?? 60_000))
          : null,
    }))
    .where('id', '=', deliveryId)
    .execute();
}

/** The delivery a provider message id belongs to (SendGrid X-Message-Id, Twilio SM/CA sid). */
export async function findDeliveryByProviderId(db: Db, providerId: string): Promise<DeliveryRef | null> {
  const row = await db
    .selectFrom('delivery')
    .select(['id', 'organisation_id', 'touchpoint_id', 'channel', 'recipient', 'status'])
    .where('provider_id', '=', providerId)
    .executeTakeFirst();
  return row ?? null;
}

export async function findDelivery(db: Db, deliveryId: string): Promise<DeliveryRef | null> {
  const row = await db
    .selectFrom('delivery')
    .select(['id', 'organisation_id', 'touchpoint_id', 'channel', 'recipient', 'status'])
    .where('id', '=', deliveryId)
    .executeTakeFirst();
  return row ?? null;
}

function dropEmpty(entry: StatusEntry): StatusEntry {
  return Object.fromEntries(
    Object.entries(entry).filter(([, v]) => v !== null && v !== undefined),
  ) as StatusEntry;
}
