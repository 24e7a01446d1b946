import { planCustomers } from '../../cadence/run/planner.js';
import { createDb, createPool } from '../../server/db/connect.js';
import { serveParent } from '../sync/ipc.js';

export interface PlanRunRequest {
  databaseUrl: string;
  today: string;
  runs: number;
}

export interface PlanRunReport {
  ms: number[];
  planned: number;
  overdueInvoices: number;
  decisions: Record<string, number>;
  /** Peak RSS of this process over all runs (MiB), the runtime's own baseline included. */
  peakRssMb: number;
  rssBeforeMb: number;
}

/**
 * Plans every organisation's customers as the cadence tick does (cadence/run/planner.ts), in its own process so
 * that the memory reported is the planner's. Runs `runs` times over the same data.
 */
serveParent(async (raw) => {
  const request = raw as PlanRunRequest;
  const pool = createPool({ connectionString: request.databaseUrl, max: 2 });
  const db = createDb(pool);
  const rssBeforeMb = process.memoryUsage().rss / 1_048_576;
  try {
    const ms: number[] = [];
    let planned = 0;
    let overdueInvoices = 0;
    let decisions: Record<string, number> = {};
    for (let run = 0; run < request.runs; run += 1) {
      planned = 0;
      overdueInvoices = 0;
      decisions = {};
      const started = performance.now();
      await planCustomers(db, { at: { localDate: request.today } }, (batch) => {
        planned += batch.length;
        for (const customer of batch) {
          const key =
            customer.decision.kind === 'held'
              ? `held (${customer.decision.reason.code})`
              : customer.decision.kind;
          decisions[key] = (decisions[key] ?? 0) + 1;
          for (const invoice of customer.invoices)
            if (invoice.dueDate !== null && invoice.dueDate < request.today) overdueInvoices += 1;
        }
        return Promise.resolve();
      });
      ms.push(performance.now() - started);
    }
    const report: PlanRunReport = {
      ms,
      planned,
      overdueInvoices,
      decisions,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      rssBeforeMb,
    };
    return report;
  } finally {
    await db.destroy();
  }
});
