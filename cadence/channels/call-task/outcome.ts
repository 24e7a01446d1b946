import type { Db } from '../../../server/db/connect.js';
import { channelDb } from '../db.js';
import { applyDeliveryStatus } from '../deliveries.js';
import { toE164 } from '../phone.js';

export type CallTaskResult =
  | { outcome: 'reached' | 'dispute' | 'wrong_number' | 'no_answer'; note?: string | null }
  | { outcome: 'promise_to_pay'; promiseDate: string; note?: string | null };

export type RecordOutcomeResult =
  { ok: true } | { ok: false; reason: 'not_found' | 'already_done' | 'invalid_promise_date' };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * A person did the call task and says how it went; the outcome feeds the cadence:
 * - promise_to_pay → the task's invoices pause until that date (`invoice.promise_to_pay_until`);
 * - dispute → the invoices are marked disputed (the cadence stops for them);
 * - wrong_number → the numbers on the task are marked unusable for this customer;
 * - reached / no_answer → nothing changes: the cadence continues.
 * Recorded once: a second submission (double click, two people) is refused as already done.
 */
export async function recordCallTaskOutcome(
  db: Db,
  taskId: string,
  result: CallTaskResult,
  userId: string,
  now: Date,
): Promise<RecordOutcomeResult> {
  if (result.outcome === 'promise_to_pay' && !isCalendarDate(result.promiseDate)) {
    return { ok: false, reason: 'invalid_promise_date' };
  }
  return channelDb(db)
    .transaction()
    .execute(async (trx) => {
      const task = await trx
        .updateTable('call_task')
        .set({
          status: 'done',
          outcome: result.outcome,
          promise_date: result.outcome === 'promise_to_pay' ? result.promiseDate : null,
          note: result.note?.trim() || null,
          done_by: userId,
          done_at: now,
        })
        .where('id', '=', taskId)
        .where('status', '=', 'open')
        .returning(['organisation_id', 'customer_id', 'delivery_id', 'invoices', 'numbers'])
        .executeTakeFirst();
      if (!task) {
        const exists = await trx
          .selectFrom('call_task')
          .select('id')
          .where('id', '=', taskId)
          .executeTakeFirst();
        return { ok: false, reason: exists ? 'already_done' : 'not_found' } as const;
      }
      const invoiceIds = task.invoices.map((i) => i.invoiceId);
      if (result.outcome === 'promise_to_pay' && invoiceIds.length > 0) {
        await trx
          .updateTable('invoice')
          .set({ promise_to_pay_until: result.promiseDate, updated_at: now })
          .where('organisation_id', '=', task.organisation_id)
          .where('id', 'in', invoiceIds)
          .execute();
      }
      if (result.outcome === 'dispute' && invoiceIds.length > 0) {
        await trx
          .updateTable('invoice')
          .set({ disputed: true, updated_at: now })
          .where('organisation_id', '=', task.organisation_id)
          .where('id', 'in', invoiceIds)
          .execute();
      }
      if (result.outcome === 'wrong_number') {
        const numbers = new Set(task.numbers.map((n) => n.number));
        const contacts = await trx
          .selectFrom('contact')
          .innerJoin('customer', 'customer.id', 'contact.customer_id')
          .select(['contact.id', 'contact.value', 'customer.country'])
          .where('contact.customer_id', '=', task.customer_id)
          .where('contact.kind', '=', 'phone')
          .execute();
        const ids = contacts
          .filter((c) => numbers.has(toE164(c.value, c.country) ?? c.value))
          .map((c) => c.id);
        if (ids.length > 0) {
          await trx
            .updateTable('contact')
            .set({ unusable_reason: 'wrong_number' })
            .where('id', 'in', ids)
            .execute();
        }
      }
      return { ok: true, deliveryId: task.delivery_id } as const;
    })
    .then(async (outcome) => {
      if (outcome.ok && outcome.deliveryId) {
        await applyDeliveryStatus(db, outcome.deliveryId, {
          at: now.toISOString(),
          status: 'done',
          source: 'user',
          detail: result.outcome,
        });
      }
      return outcome.ok ? { ok: true } : outcome;
    });
}

/** Open call tasks of an organisation, oldest first, for the task list page. */
export async function listOpenCallTasks(db: Db, organisationId: string) {
  return channelDb(db)
    .selectFrom('call_task')
    .innerJoin('customer', 'customer.id', 'call_task.customer_id')
    .select([
      'call_task.id',
      'call_task.touchpoint_id',
      'call_task.script',
      'call_task.numbers',
      'call_task.invoices',
      'call_task.created_at',
      'customer.name as customer_name',
    ])
    .where('call_task.organisation_id', '=', organisationId)
    .where('call_task.status', '=', 'open')
    .orderBy('call_task.created_at')
    .execute();
}
