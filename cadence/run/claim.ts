import { sql } from 'kysely';
import type { Db } from '../../server/db/connect.js';
import { addDays, localDateOf, type SendDecision } from '../policy/index.js';
import { renderTouchpoint } from './messages.js';
import type { PlannedCustomer } from './planner.js';
import { loadTouchpointData, messageInput } from './touchpoint-data.js';
import type { TouchpointPlan } from './types.js';

class ClaimConflict extends Error {}

/**
 * Claims the touchpoint a send decision asks for, in one transaction, BEFORE anything is sent: the touchpoint row
 * (unique per customer and local day) and one row per covered invoice (unique per invoice and step). A conflict
 * on either means another worker (or an earlier tick) has it: nothing is claimed and null is returned.
 *
 * The customer row is locked first and the minimum gap re-checked inside the lock, so a plan made from data that
 * went stale while another worker claimed (e.g. across midnight) cannot claim a second touchpoint too soon.
 * In approve-first mode the touchpoint waits as 'awaiting_approval' with the rendered preview; nothing is sent.
 */
export async function claimTouchpoint(
  db: Db,
  planned: PlannedCustomer & { decision: SendDecision },
  claimedBy: string,
): Promise<string | null> {
  const { decision, settings, organisation } = planned;
  const localDate = localDateOf(planned.now, settings.timeZone);
  const plan: TouchpointPlan = { recipients: decision.recipients, fallback: decision.fallback };
  let id: string;
  try {
    id = await db.transaction().execute(async (trx) => {
      await trx.selectFrom('customer').select('id').where('id', '=', planned.id).forUpdate().execute();
      const recent = await trx
        .selectFrom('touchpoint')
        .select('id')
        .where('customer_id', '=', planned.id)
        .where((eb) =>
          eb.or([
            eb('status', '=', 'awaiting_approval'),
            eb.and([
              eb('status', 'not in', ['skipped', 'cancelled']),
              eb('local_date', '>', addDays(localDate, -settings.minGapDays)),
            ]),
          ]),
        )
        .executeTakeFirst();
      if (recent) throw new ClaimConflict();
      const touchpoint = await trx
        .insertInto('touchpoint')
        .values({
          organisation_id: organisation.id,
          customer_id: planned.id,
          step: decision.step.number,
          local_date: localDate,
          planned_at: decision.plannedAt,
          status: decision.approvalRequired ? 'awaiting_approval' : 'claimed',
          tone: decision.tone,
          language: decision.language,
          channels: decision.channels,
          claimed_by: claimedBy,
          claimed_at: planned.now,
          preview: JSON.stringify(plan),
        })
        .onConflict((oc) => oc.columns(['customer_id', 'local_date']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!touchpoint) throw new ClaimConflict();
      const rows = decision.invoices.map((i) => ({
        touchpoint_id: touchpoint.id,
        invoice_id: i.invoiceId,
        organisation_id: organisation.id,
        step: i.reachesStep === null ? null : i.reachesStep + 1,
        amount_due: i.amountDue,
        currency: i.currency,
      }));
      // ON CONFLICT DO NOTHING then count: a step already taken for an invoice aborts the whole claim.
      const inserted = await trx
        .insertInto('touchpoint_invoice')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .returning('invoice_id')
        .execute();
      if (inserted.length !== rows.length) throw new ClaimConflict();
      return touchpoint.id;
    });
  } catch (error) {
    if (error instanceof ClaimConflict) return null;
    throw error;
  }
  if (decision.approvalRequired) await storePreview(db, id);
  return id;
}

/** Renders what the person approving will see; a template that cannot render is shown as the reason instead. */
async function storePreview(db: Db, touchpointId: string): Promise<void> {
  const data = await loadTouchpointData(db, touchpointId);
  let preview: TouchpointPlan;
  let detail: string | null = null;
  try {
    preview = { ...data.plan, rendered: renderTouchpoint(messageInput(data), previewChannels(data)) };
  } catch (error) {
    preview = data.plan;
    detail = `preview failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  await db
    .updateTable('touchpoint')
    .set({ preview: JSON.stringify(preview), detail, updated_at: sql`now()` })
    .where('id', '=', touchpointId)
    .execute();
}

function previewChannels(data: { channels: string[]; plan: TouchpointPlan }) {
  const channels = [...data.channels];
  if (data.plan.fallback !== null && !channels.includes(data.plan.fallback))
    channels.push(data.plan.fallback);
  return channels as ('email' | 'sms' | 'call' | 'call_task')[];
}
