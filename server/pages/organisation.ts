import type { Db } from '../db/connect.js';
import { INVOICES_PER_PAGE, overdueInvoicesPage, recentTouchpoints } from '../db/organisation-page.js';
import { listAwaitingApproval, loadSettings } from '../../cadence/run/index.js';
import type { CadenceSettings } from '../../cadence/settings/index.js';
import { listOpenCallTasks } from '../../cadence/channels/index.js';
import { daysBetween, localToday } from './calendar.js';
import { displayAmount } from './money.js';
import type { PageOrganisation } from './organisation-access.js';

/** Why the cadence is not moving an invoice, as a message key and its variables (first reason wins). */
function heldReason(
  i: Awaited<ReturnType<typeof overdueInvoicesPage>>[number],
  org: PageOrganisation,
  today: string,
  settings: CadenceSettings,
): { key: string; date?: string } | null {
  if (org.status !== 'active') return { key: 'held.reconnect' };
  if (!i.customer_id) return { key: 'held.noCustomer' };
  if (i.excluded) return { key: 'held.excluded' };
  if (i.paused_until && i.paused_until >= today) return { key: 'held.paused', date: i.paused_until };
  if (i.disputed) return { key: 'held.disputed' };
  if (i.promise_to_pay_until && i.promise_to_pay_until >= today)
    return { key: 'held.promise', date: i.promise_to_pay_until };
  // Only when the settings leave the backlog out, as the cadence does (cadence/policy/invoice-outcomes.ts).
  if (i.overdue_at_connect && !i.enrolled && settings.backlogPolicy === 'newly_overdue')
    return { key: 'held.backlog' };
  return null;
}

/** Approve-first previews shown at once: each is a whole message, and a backlog can hold thousands. */
const APPROVALS_PER_PAGE = 25;

export async function organisationPage(db: Db, org: PageOrganisation, now: Date, page: number) {
  const today = localToday(now, org.time_zone);
  const [rows, recent, approvals, callTasks, settings] = await Promise.all([
    overdueInvoicesPage(db, org.id, today, page),
    recentTouchpoints(db, org.id, 20),
    listAwaitingApproval(db, org.id, APPROVALS_PER_PAGE),
    listOpenCallTasks(db, org.id),
    loadSettings(db, [org]),
  ]);
  const orgSettings = settings.get(org.id)!;
  return {
    today,
    page,
    hasNext: rows.length > INVOICES_PER_PAGE,
    invoices: rows.slice(0, INVOICES_PER_PAGE).map((i) => ({
      id: i.id,
      number: i.number ?? '—',
      customer: i.customer_name ?? '—',
      customerId: i.customer_id,
      amountDue: displayAmount(i.amount_due, i.currency),
      currency: i.currency,
      dueDate: i.due_date,
      daysOverdue: i.due_date ? daysBetween(i.due_date, today) : null,
      step: i.step_reached ?? 0,
      held: heldReason(i, org, today, orgSettings),
    })),
    recent,
    approvals: approvals.rows.map((a) => ({ ...a, preview: previewText(a.preview) })),
    approvalsWaiting: approvals.waiting,
    callTasks: callTasks.map((c) => ({
      id: c.id,
      customer: c.customer_name,
      script: c.script,
      numbers: c.numbers,
      invoices: c.invoices.map((i) => ({ ...i, amountDue: displayAmount(i.amountDue, i.currency) })),
    })),
  };
}

/** The approve-first preview is stored as JSON by the runner; show its message text, whatever its shape. */
function previewText(preview: unknown): string {
  if (preview === null || preview === undefined) return '';
  const texts: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (['subject', 'text', 'body', 'script', 'say'].includes(key)) texts.push(value);
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) if (k !== 'html') walk(v, k);
  };
  walk(preview, '');
  return texts.join('\n\n');
}
