import { inject, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/db.js';
import { measurePlanning } from './cadence/measure-plan.js';
import { measurePageProcessing } from './page-processing.js';
import { compare, measureSync } from './sync/measure-sync.js';
import type { BookTruth, SyncRunReport } from './sync/protocol.js';

/** The bench's pieces on tiny sizes: they must produce correct data. No timing is asserted. */
const t = useTestDatabase();

describe('bench pieces on tiny sizes', () => {
  it.each(['quickbooks', 'xero'] as const)(
    'syncs a %s book through the sandbox child into a fresh database, matching the book',
    async (provider) => {
      const result = await measureSync(inject('adminDatabaseUrl'), provider, 150, {
        runs: 1,
        simulateDay: false,
        // The sandbox clock is the real one: build the book around today, as `npm run bench` does.
        asOf: new Date().toISOString().slice(0, 10),
        log: () => undefined,
      });
      expect(result.problems).toEqual([]);
      const run = result.runs[0]!;
      expect(run.stored.invoices).toBe(result.truth.invoices);
      expect(run.stored.openInvoices).toBe(result.truth.openInvoices);
      expect(run.unchanged?.rowsRewritten).toBe(0);
    },
    120_000,
  );

  it('processes one page the sync way and the raw way into the same number of rows', async () => {
    const r = await measurePageProcessing(t.db, t.pool, 1);
    expect(r.stored).toEqual({ page: 1000, raw: 1000, expected: 1000 });
  }, 60_000);

  it('plans a small firm and finds exactly the seeded overdue customers and invoices', async () => {
    const m = await measurePlanning(
      inject('adminDatabaseUrl'),
      { organisations: 3, customersPerOrganisation: 10, invoicesPerCustomer: 4 },
      { runs: 1, today: '2026-12-03' },
    );
    expect(m.problems).toEqual([]);
    expect(m.truth).toEqual({ invoices: 120, overdueInvoices: 24, overdueCustomers: 12 });
    expect(m.report.planned).toBe(12);
  }, 60_000);

  it('reports a synced copy that disagrees with the book', () => {
    const truth: BookTruth = {
      invoices: 3,
      openInvoices: 2,
      openCentsByCurrency: { USD: 12_345, JPY: 500 },
      customers: 1,
      payments: 0,
    };
    const report = {
      stored: { invoices: 3, openInvoices: 2, openByCurrency: { USD: '123.45', JPY: '500' } },
    } as unknown as SyncRunReport;
    expect(compare('x', truth, report)).toEqual([]);
    const wrong = {
      stored: { invoices: 2, openInvoices: 2, openByCurrency: { USD: '123.40' } },
    } as unknown as SyncRunReport;
    expect(compare('x', truth, wrong)).toEqual([
      'x: 2 invoices stored, the book lists 3',
      'x: open amount due USD 123.40 stored, the book has 123.45',
      'x: open amount due JPY 0.00 stored, the book has 500.00',
    ]);
  });
});
