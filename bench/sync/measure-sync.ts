import { Decimal } from 'decimal.js';
import { centsToDecimal } from '../../sandbox/quickbooks/money.js';
import type { Provider } from '../../server/db/schema.js';
import { createBenchDatabase } from '../database.js';
import { forkTs } from './ipc.js';
import type { BookTruth, SandboxStarted, SyncRunReport } from './protocol.js';
import { workerNodeFlags } from '../worker-flags.js';

export interface SyncSizeResult {
  provider: Provider;
  invoices: number;
  truth: BookTruth;
  runs: SyncRunReport[];
  /** Where the synced copy disagreed with the sandbox's book: the bench fails on any. */
  problems: string[];
}

/**
 * Full syncs of one generated book of `invoices`, `runs` times, each into a fresh database by a fresh Dunwise
 * process, with the sandbox in a third process. The first run also plays a steady-state day when asked.
 */
export async function measureSync(
  adminUrl: string,
  provider: Provider,
  invoices: number,
  options: { runs: number; simulateDay: boolean; asOf: string; log: (line: string) => void },
): Promise<SyncSizeResult> {
  const sandbox = forkTs('./sandbox-child.ts', import.meta.url);
  const problems: string[] = [];
  const reports: SyncRunReport[] = [];
  try {
    const started = await sandbox.ask<SandboxStarted>({
      type: 'start',
      provider,
      invoices,
      seed: invoices + (provider === 'xero' ? 1 : 0),
      asOf: options.asOf,
    });
    for (let run = 0; run < options.runs; run += 1) {
      const truth = await sandbox.ask<BookTruth>({ type: 'truth' });
      const database = await createBenchDatabase(adminUrl, `${provider}_${invoices}`, 2);
      const dunwise = forkTs('./dunwise-child.ts', import.meta.url, workerNodeFlags());
      dunwise.onRequest((message) => sandbox.ask(message));
      try {
        const report = await dunwise.ask<SyncRunReport>({
          provider,
          sandbox: started,
          databaseUrl: database.url,
          // The day edits the sandbox's book: on the last run, so that no other run syncs a book edited moments
          // before (Xero's sync re-reads pages edited while it paged them, P13).
          simulateDay: options.simulateDay && run === options.runs - 1,
        });
        problems.push(...compare(`${provider} ${invoices} run ${run + 1}`, truth, report));
        reports.push(report);
        options.log(
          `  ${provider} ${invoices}: run ${run + 1} ${Math.round(report.fullSyncMs)} ms, peak RSS ${Math.round(report.peakRssMb)} MiB`,
        );
      } finally {
        await dunwise.close();
        await database.drop();
      }
    }
    return { provider, invoices, truth: started.truth, runs: reports, problems };
  } finally {
    await sandbox.close();
  }
}

/** Counts and open totals of the synced copy against the sandbox's book. */
export function compare(label: string, truth: BookTruth, report: SyncRunReport): string[] {
  const problems: string[] = [];
  if (report.stored.invoices !== truth.invoices)
    problems.push(`${label}: ${report.stored.invoices} invoices stored, the book lists ${truth.invoices}`);
  if (report.stored.openInvoices !== truth.openInvoices)
    problems.push(
      `${label}: ${report.stored.openInvoices} open invoices stored, the book has ${truth.openInvoices}`,
    );
  const currencies = new Set([
    ...Object.keys(truth.openCentsByCurrency),
    ...Object.keys(report.stored.openByCurrency),
  ]);
  for (const currency of currencies) {
    const expected = new Decimal(centsToDecimal(truth.openCentsByCurrency[currency] ?? 0, currency));
    const stored = new Decimal(report.stored.openByCurrency[currency] ?? 0);
    if (!stored.equals(expected))
      problems.push(
        `${label}: open amount due ${currency} ${stored.toFixed(2)} stored, the book has ${expected.toFixed(2)}`,
      );
  }
  return problems;
}
