import { sql } from 'kysely';
import type { Db } from '../../server/db/connect.js';
import {
  daysBetween,
  explainDecision,
  localDateOf,
  stepDefinition,
  type CustomerDecision,
} from '../policy/index.js';
import { formatAmount } from '../policy/money.js';
import { planCustomers, type PlanMoment, type PlannedCustomer } from './planner.js';

/** One line of `dunwise plan --json` (the shape issue 6 specifies, plus `decision` and `explanation`). */
export interface PlanRow {
  organisation_id: string;
  customer: { name: string; external_id: string };
  invoices: {
    number: string;
    external_id: string;
    amount_due: string;
    currency: string;
    due_date: string | null;
    days_overdue: number | null;
  }[];
  step: number | null;
  channels: string[];
  /** When the next touchpoint goes out (now, or the moment a wait ends); null when held or stopped. */
  planned_at: string | null;
  /** Why nothing will go out; null when it will go ahead (now or at `planned_at`). */
  held_reason: string | null;
  decision: CustomerDecision['kind'];
  /** The one-line explanation the dashboard shows. */
  explanation: string;
}

function stepAndChannels(p: PlannedCustomer): { step: number | null; channels: string[] } {
  const d = p.decision;
  if (d.kind === 'send') return { step: d.step.number, channels: d.channels };
  if (d.kind === 'wait' && d.step !== null)
    return { step: d.step.number, channels: stepDefinition(p.settings, d.step.index).channels };
  return { step: null, channels: [] };
}

export function planRow(p: PlannedCustomer): PlanRow {
  const today = localDateOf(p.now, p.settings.timeZone);
  const d = p.decision;
  return {
    organisation_id: p.organisationId,
    customer: { name: p.name, external_id: p.externalId },
    invoices: p.invoices.map((i) => ({
      number: i.number,
      external_id: i.externalId,
      amount_due: formatAmount(i.amountDue, i.currency),
      currency: i.currency,
      due_date: i.dueDate,
      days_overdue: i.dueDate === null ? null : daysBetween(i.dueDate, today),
    })),
    ...stepAndChannels(p),
    planned_at:
      d.kind === 'send' ? d.plannedAt.toISOString() : d.kind === 'wait' ? d.until.toISOString() : null,
    held_reason:
      d.kind === 'held' ? d.reason.text : d.kind === 'stopped' ? explainDecision(d, p.settings, 'en') : null,
    decision: d.kind,
    explanation: explainDecision(d, p.settings, 'en'),
  };
}

/**
 * Streams plan rows batch by batch (the planner never holds every invoice at once), then the overdue invoices
 * the cadence cannot chase because the books give them no customer: held with that reason, not left out.
 */
export async function planReport(
  db: Db,
  options: { organisationId?: string | undefined; at: PlanMoment },
  onRows: (rows: PlanRow[]) => Promise<void>,
): Promise<void> {
  await planCustomers(db, options, (batch) => onRows(batch.map(planRow)));
  const orphans = await overdueWithoutCustomer(db, options);
  if (orphans.length > 0) await onRows(orphans);
}

const NO_CUSTOMER = 'held: the invoice has no customer in the books';

/** Open overdue invoices whose customer the books do not name (or no longer have), one row per named id. */
async function overdueWithoutCustomer(
  db: Db,
  options: { organisationId?: string | undefined; at: PlanMoment },
): Promise<PlanRow[]> {
  const today =
    'localDate' in options.at
      ? sql<string>`${options.at.localDate}::date`
      : sql<string>`(${options.at.instant}::timestamptz at time zone o.time_zone)::date`;
  const invoices = await db
    .selectFrom('invoice as i')
    .innerJoin('organisation as o', 'o.id', 'i.organisation_id')
    .select([
      'i.organisation_id',
      'i.customer_external_id',
      'i.number',
      'i.external_id',
      'i.amount_due',
      'i.currency',
      'i.due_date',
      sql<number>`${today} - i.due_date`.as('days_overdue'),
    ])
    .where('i.status', '=', 'open')
    .where('i.customer_id', 'is', null)
    .where('i.amount_due', '>', '0')
    .where(sql<boolean>`i.due_date < ${today}`)
    .$if(options.organisationId !== undefined, (q) =>
      q.where('i.organisation_id', '=', options.organisationId as string),
    )
    .orderBy('i.organisation_id')
    .orderBy('i.customer_external_id')
    .orderBy('i.due_date')
    .limit(10_000)
    .execute();
  const rows = new Map<string, PlanRow>();
  for (const i of invoices) {
    const key = `${i.organisation_id}:${i.customer_external_id}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        organisation_id: i.organisation_id,
        customer: { name: '', external_id: i.customer_external_id },
        invoices: [],
        step: null,
        channels: [],
        planned_at: null,
        held_reason: NO_CUSTOMER,
        decision: 'held',
        explanation: NO_CUSTOMER,
      };
      rows.set(key, row);
    }
    row.invoices.push({
      number: i.number ?? i.external_id,
      external_id: i.external_id,
      amount_due: formatAmount(i.amount_due, i.currency),
      currency: i.currency,
      due_date: i.due_date,
      days_overdue: i.days_overdue,
    });
  }
  return [...rows.values()];
}
