import { createBenchDatabase } from '../database.js';
import { forkTs } from '../sync/ipc.js';
import type { PlanRunReport, PlanRunRequest } from './plan-child.js';
import { seedOpenInvoices, type OpenBookShape, type SeededTruth } from './seed-open-invoices.js';
import { workerNodeFlags } from '../worker-flags.js';

export interface PlanMeasurement {
  shape: OpenBookShape;
  truth: SeededTruth;
  seedMs: number;
  report: PlanRunReport;
  problems: string[];
}

/** Seeds a fresh database with `shape`, plans it `runs` times in a child process, and checks the plan's counts. */
export async function measurePlanning(
  adminUrl: string,
  shape: OpenBookShape,
  options: { runs: number; today: string },
): Promise<PlanMeasurement> {
  const database = await createBenchDatabase(adminUrl, 'plan', 2);
  const child = forkTs('./plan-child.ts', import.meta.url, workerNodeFlags());
  try {
    const seedStart = performance.now();
    const truth = await seedOpenInvoices(database.db, shape, options.today);
    const seedMs = performance.now() - seedStart;
    const request: PlanRunRequest = { databaseUrl: database.url, today: options.today, runs: options.runs };
    const report = await child.ask<PlanRunReport>(request);
    const problems: string[] = [];
    if (report.planned !== truth.overdueCustomers)
      problems.push(
        `planning: ${report.planned} customers planned, ${truth.overdueCustomers} have overdue invoices`,
      );
    if (report.overdueInvoices !== truth.overdueInvoices)
      problems.push(
        `planning: ${report.overdueInvoices} overdue invoices in the plan, ${truth.overdueInvoices} seeded`,
      );
    return { shape, truth, seedMs, report, problems };
  } finally {
    await child.close();
    await database.drop();
  }
}
