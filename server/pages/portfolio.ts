import type { Db } from '../db/connect.js';
import {
  attentionCounts,
  invoicesByStep,
  latestSyncRuns,
  listWorkspaceOrganisations,
  overdueTotals,
  upcomingTouchpoints,
} from '../db/portfolio.js';
import { localDateTimeZoned } from './calendar.js';
import { displayAmount } from './money.js';
import { syncView } from './sync-view.js';

export interface AttentionItem {
  key: string;
  n?: number;
  href: string;
}

/** Everything the portfolio page shows, one entry per organisation of the workspace. */
export async function portfolioPage(db: Db, workspaceId: string, now: Date) {
  const organisations = await listWorkspaceOrganisations(db, workspaceId);
  const ids = organisations.map((o) => o.id);
  const [runs, totals, steps, upcoming, attention] = await Promise.all([
    latestSyncRuns(db, ids),
    overdueTotals(db, ids, now),
    invoicesByStep(db, ids, now),
    upcomingTouchpoints(db, ids, 3),
    attentionCounts(db, ids),
  ]);
  return organisations.map((o) => {
    const counts = attention.find((a) => a.organisation_id === o.id);
    const items: AttentionItem[] = [];
    if (o.status === 'needs_reconnect') items.push({ key: 'attention.reconnect', href: '/connections' });
    if (o.disabled_channels.includes('email'))
      items.push({ key: 'attention.emailRefused', href: `/orgs/${o.id}/settings` });
    if (counts?.unknown) items.push({ key: 'attention.unknown', n: counts.unknown, href: `/orgs/${o.id}` });
    if (counts?.approvals)
      items.push({ key: 'attention.approvals', n: counts.approvals, href: `/orgs/${o.id}#approvals` });
    if (counts?.failed_notes)
      items.push({ key: 'attention.notes', n: counts.failed_notes, href: `/orgs/${o.id}#recent` });
    const run = runs.find((r) => r.organisation_id === o.id);
    return {
      id: o.id,
      name: o.name,
      provider: o.provider,
      status: o.status,
      lastSync: localDateTimeZoned(o.last_sync_at, o.time_zone),
      sync: run ? syncView(run) : null,
      overdue: totals
        .filter((t) => t.organisation_id === o.id)
        .map((t) => ({
          currency: t.currency,
          total: displayAmount(t.total, t.currency),
          invoices: t.invoices,
        })),
      steps: steps
        .filter((s) => s.organisation_id === o.id)
        .map((s) => ({ step: s.step, invoices: s.invoices })),
      upcoming: upcoming
        .filter((u) => u.organisation_id === o.id)
        .map((u) => ({
          customer: u.customer_name,
          step: u.step,
          status: u.status,
          channels: u.channels.join(', '),
          at: localDateTimeZoned(u.planned_at, o.time_zone),
        })),
      attention: items,
    };
  });
}
