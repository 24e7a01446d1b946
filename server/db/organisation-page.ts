import { sql } from 'kysely';
import type { Db } from './connect.js';

export const INVOICES_PER_PAGE = 50;

/**
 * Overdue invoices of one organisation, oldest due first, one page at a time, with the customer's holds and the
 * highest step each invoice has reached. `today` is the organisation's local date.
 */
export function overdueInvoicesPage(db: Db, organisationId: string, today: string, page: number) {
  return db
    .selectFrom('invoice as i')
    .leftJoin('customer as c', 'c.id', 'i.customer_id')
    .select((eb) => [
      'i.id',
      'i.number',
      'i.currency',
      'i.amount_due',
      'i.due_date',
      'i.disputed',
      'i.promise_to_pay_until',
      'i.overdue_at_connect',
      'i.enrolled',
      'c.id as customer_id',
      'c.name as customer_name',
      'c.paused_until',
      'c.excluded',
      eb
        .selectFrom('touchpoint_invoice as ti')
        .innerJoin('touchpoint as t', 't.id', 'ti.touchpoint_id')
        .select(sql<number | null>`max(ti.step)`.as('s'))
        .whereRef('ti.invoice_id', '=', 'i.id')
        .where('ti.organisation_id', '=', organisationId)
        .where('t.status', 'in', ['sent', 'partially_sent', 'skipped', 'unknown'])
        .as('step_reached'),
    ])
    .where('i.organisation_id', '=', organisationId)
    .where('i.status', '=', 'open')
    .where('i.amount_due', '>', '0')
    .where('i.due_date', '<', today)
    .orderBy('i.due_date')
    .orderBy('i.id')
    .limit(INVOICES_PER_PAGE + 1)
    .offset((page - 1) * INVOICES_PER_PAGE)
    .execute();
}

/** The latest touchpoints with their deliveries and notes. */
export async function recentTouchpoints(db: Db, organisationId: string, limit: number) {
  const touchpoints = await db
    .selectFrom('touchpoint as t')
    .innerJoin('customer as c', 'c.id', 't.customer_id')
    .select([
      't.id',
      't.step',
      't.status',
      't.tone',
      't.language',
      't.channels',
      't.local_date',
      't.sent_at',
      't.detail',
      'c.name as customer_name',
    ])
    .where('t.organisation_id', '=', organisationId)
    .where('t.status', '!=', 'awaiting_approval')
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit)
    .execute();
  const ids = touchpoints.map((t) => t.id);
  if (ids.length === 0) return [];
  const [deliveries, notes] = await Promise.all([
    db
      .selectFrom('delivery')
      .select(['touchpoint_id', 'channel', 'recipient', 'status', 'error_message'])
      .where('organisation_id', '=', organisationId)
      .where('touchpoint_id', 'in', ids)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('note as n')
      .innerJoin('invoice as i', 'i.id', 'n.invoice_id')
      // A call step writes its own note and then the call's outcome on the same invoice: counted, not listed twice.
      .select(['n.touchpoint_id', 'n.status', 'i.number', sql<number>`count(*)::int`.as('count')])
      .where('n.organisation_id', '=', organisationId)
      .where('n.touchpoint_id', 'in', ids)
      .groupBy(['n.touchpoint_id', 'n.status', 'i.id', 'i.number'])
      .orderBy('i.number')
      .execute(),
  ]);
  return touchpoints.map((t) => ({
    ...t,
    deliveries: deliveries.filter((d) => d.touchpoint_id === t.id),
    notes: notes.filter((n) => n.touchpoint_id === t.id),
  }));
}

/** Overdue invoices brought in only if the backlog policy changes: the settings page's preview count. */
export async function backlogCount(db: Db, organisationId: string, today: string): Promise<number> {
  const row = await db
    .selectFrom('invoice')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'open')
    .where('amount_due', '>', '0')
    .where('overdue_at_connect', '=', true)
    .where('enrolled', '=', false)
    .where('due_date', '<', today)
    .executeTakeFirstOrThrow();
  return row.n;
}
