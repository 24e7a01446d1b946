import { sql } from 'kysely';
import type { Db } from './connect.js';
import type { TouchpointStatus } from './schema.js';

/**
 * Set-based queries behind the portfolio page: one query per fact for every organisation of a workspace, so the
 * page costs the same few round trips for 1 or 200 organisations. "Overdue" means open, something still due,
 * and a due date before today in the organisation's own time zone.
 */

export function listWorkspaceOrganisations(db: Db, workspaceId: string) {
  return db
    .selectFrom('organisation')
    .select([
      'id',
      'name',
      'provider',
      'status',
      'status_reason',
      'time_zone',
      'last_sync_at',
      'disabled_channels',
      'disabled_channels_reason',
    ])
    .where('workspace_id', '=', workspaceId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** The latest sync run of each organisation. */
export function latestSyncRuns(db: Db, organisationIds: readonly string[]) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sync_run')
    .distinctOn('organisation_id')
    .select(['id', 'organisation_id', 'kind', 'status', 'started_at', 'finished_at', 'counts', 'error'])
    .where('organisation_id', 'in', organisationIds)
    .orderBy('organisation_id')
    .orderBy('started_at', 'desc')
    .execute();
}

/** An organisation's latest sync runs, newest first: what each fetched, how long it took, its calls and errors. */
export function recentSyncRuns(db: Db, organisationId: string, limit: number) {
  return db
    .selectFrom('sync_run')
    .select(['id', 'kind', 'status', 'started_at', 'finished_at', 'counts', 'api_calls', 'error'])
    .where('organisation_id', '=', organisationId)
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
}

const overdueToday = (now: Date) =>
  sql<boolean>`i.due_date < (${now}::timestamptz at time zone o.time_zone)::date`;

/** Overdue amount due per organisation and currency, as decimal strings (never summed across currencies). */
export function overdueTotals(db: Db, organisationIds: readonly string[], now: Date) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('invoice as i')
    .innerJoin('organisation as o', 'o.id', 'i.organisation_id')
    .select([
      'i.organisation_id',
      'i.currency',
      sql<string>`sum(i.amount_due)::text`.as('total'),
      sql<number>`count(*)::int`.as('invoices'),
    ])
    .where('i.organisation_id', 'in', organisationIds)
    .where('i.status', '=', 'open')
    .where('i.amount_due', '>', '0')
    .where(overdueToday(now))
    .groupBy(['i.organisation_id', 'i.currency'])
    .orderBy('i.organisation_id')
    .orderBy('i.currency')
    .execute();
}

/**
 * Touchpoints that have not reached the customer (yet): every other status (sent, partially sent, skipped,
 * unknown) counts as the step reached. Few at any time, so they are excluded by id instead of joining every
 * touchpoint to every invoice line (a third of the portfolio's time at 100,000 invoices).
 */
const NOT_REACHED: TouchpointStatus[] = ['awaiting_approval', 'claimed', 'sending', 'failed', 'cancelled'];

/** How many overdue invoices have reached each step (0 = not contacted yet). */
export function invoicesByStep(db: Db, organisationIds: readonly string[], now: Date) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('invoice as i')
    .innerJoin('organisation as o', 'o.id', 'i.organisation_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('touchpoint_invoice as ti')
          .select(['ti.invoice_id', sql<number>`max(ti.step)`.as('step')])
          .where('ti.organisation_id', 'in', organisationIds)
          .where('ti.step', 'is not', null)
          .where(
            'ti.touchpoint_id',
            'not in',
            eb
              .selectFrom('touchpoint')
              .select('id')
              .where('organisation_id', 'in', organisationIds)
              .where('status', 'in', NOT_REACHED),
          )
          .groupBy('ti.invoice_id')
          .as('reached'),
      (join) => join.onRef('reached.invoice_id', '=', 'i.id'),
    )
    .select([
      'i.organisation_id',
      sql<number>`coalesce(reached.step, 0)::int`.as('step'),
      sql<number>`count(*)::int`.as('invoices'),
    ])
    .where('i.organisation_id', 'in', organisationIds)
    .where('i.status', '=', 'open')
    .where('i.amount_due', '>', '0')
    .where(overdueToday(now))
    .groupBy(['i.organisation_id', sql`coalesce(reached.step, 0)`])
    .orderBy('i.organisation_id')
    .orderBy('step')
    .execute();
}

/** Touchpoints planned and not yet sent (claimed for sending, or waiting for a person), soonest first. */
export function upcomingTouchpoints(db: Db, organisationIds: readonly string[], perOrganisation: number) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('touchpoint as t')
        .innerJoin('customer as c', 'c.id', 't.customer_id')
        .select([
          't.organisation_id',
          't.id',
          't.step',
          't.planned_at',
          't.status',
          't.channels',
          'c.name as customer_name',
          sql<number>`row_number() over (partition by t.organisation_id order by t.planned_at, t.id)`.as(
            'rank',
          ),
        ])
        .where('t.organisation_id', 'in', organisationIds)
        .where('t.status', 'in', ['claimed', 'awaiting_approval'])
        .as('upcoming'),
    )
    .selectAll()
    .where('rank', '<=', perOrganisation)
    .orderBy('organisation_id')
    .orderBy('rank')
    .execute();
}

/** Counts of the things a person must look at, per organisation. */
export function attentionCounts(db: Db, organisationIds: readonly string[]) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organisation as o')
    .select((eb) => [
      'o.id as organisation_id',
      eb
        .selectFrom('touchpoint')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('organisation_id', '=', 'o.id')
        .where('status', '=', 'awaiting_approval')
        .as('approvals'),
      eb
        .selectFrom('touchpoint')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('organisation_id', '=', 'o.id')
        .where('status', '=', 'unknown')
        .as('unknown'),
      eb
        .selectFrom('note')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('organisation_id', '=', 'o.id')
        .where('status', '=', 'failed')
        .as('failed_notes'),
    ])
    .where('o.id', 'in', organisationIds)
    .execute();
}
