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

/** Streams plan rows batch by batch (the planner never holds every invoice at once). */
export function planReport(
  db: Db,
  options: { organisationId?: string | undefined; at: PlanMoment },
  onRows: (rows: PlanRow[]) => Promise<void>,
): Promise<void> {
  return planCustomers(db, options, (batch) => onRows(batch.map(planRow)));
}
