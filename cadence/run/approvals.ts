import { sql } from 'kysely';
import type { Db } from '../../server/db/connect.js';
import { renderTouchpoint, type MessageEdits } from './messages.js';
import { loadTouchpointData, messageInput } from './touchpoint-data.js';

export type ApprovalResult =
  | { ok: true }
  | { ok: false; reason: 'not_awaiting_approval' }
  | { ok: false; reason: 'invalid_edits'; message: string };

/**
 * A person approves a queued touchpoint, optionally with edited copy. It becomes 'claimed' and the next cadence
 * pass sends it, re-checking every invoice at the source first. Edits are rendered once here so a broken edit is
 * refused now, not discovered at send time.
 */
export async function approveTouchpoint(
  db: Db,
  touchpointId: string,
  userId: string,
  edits: MessageEdits | undefined,
  now: Date,
): Promise<ApprovalResult> {
  const data = await loadTouchpointData(db, touchpointId);
  if (data.status !== 'awaiting_approval') return { ok: false, reason: 'not_awaiting_approval' };
  if (edits) {
    try {
      renderTouchpoint(messageInput(data), data.channels, edits);
    } catch (error) {
      return {
        ok: false,
        reason: 'invalid_edits',
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }
  const result = await db
    .updateTable('touchpoint')
    .set({
      status: 'claimed',
      approved_by: userId,
      approved_at: now,
      preview: sql`coalesce(preview, '{}'::jsonb) || ${JSON.stringify({ edits: edits ?? {} })}::jsonb`,
      updated_at: now,
    })
    .where('id', '=', touchpointId)
    .where('status', '=', 'awaiting_approval')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? { ok: true } : { ok: false, reason: 'not_awaiting_approval' };
}

/**
 * A person decides this message should not go. The step stays used (the invoices move on to their next step)
 * but a skipped touchpoint does not count towards the minimum gap.
 */
export async function skipTouchpoint(
  db: Db,
  touchpointId: string,
  userId: string,
  now: Date,
): Promise<ApprovalResult> {
  const result = await db
    .updateTable('touchpoint')
    .set({ status: 'skipped', approved_by: userId, detail: 'skipped by a person', updated_at: now })
    .where('id', '=', touchpointId)
    .where('status', '=', 'awaiting_approval')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? { ok: true } : { ok: false, reason: 'not_awaiting_approval' };
}

/** The approve-first queue of one organisation, oldest first (for the web app). */
/**
 * The oldest `limit` touchpoints waiting for a person, and how many wait in all. An organisation that switched on
 * approve-first with a large backlog can have thousands; the page shows a batch at a time and approving or skipping
 * brings the next ones up.
 */
export async function listAwaitingApproval(db: Db, organisationId: string, limit: number) {
  const awaiting = db
    .selectFrom('touchpoint as t')
    .where('t.organisation_id', '=', organisationId)
    .where('t.status', '=', 'awaiting_approval');
  const [rows, count] = await Promise.all([
    awaiting
      .innerJoin('customer as c', 'c.id', 't.customer_id')
      .select([
        't.id',
        't.step',
        't.local_date',
        't.channels',
        't.tone',
        't.preview',
        't.detail',
        'c.name as customer_name',
      ])
      .orderBy('t.created_at')
      .orderBy('t.id')
      .limit(limit)
      .execute(),
    awaiting.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, waiting: Number(count.n) };
}
