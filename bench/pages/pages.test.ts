import { describe, expect, inject, it } from 'vitest';
import { measurePages } from '../pages.js';

/** bench/pages.ts on a tiny book: every page answers and shows what the seed says. No timing is asserted. */
describe('page render bench on a tiny book', () => {
  it('seeds, signs in, renders each page and finds the seeded values on it', async () => {
    const out = await measurePages(
      inject('adminDatabaseUrl'),
      [{ invoices: 1_000, runs: 1 }],
      () => undefined,
    );
    expect(out.problems).toEqual([]);
    expect(out.rows.map((r) => [r.measure, r.samples.length])).toEqual([
      ['Page render: portfolio /', 1],
      ['Page render: dashboard /orgs/:id', 1],
      ['Page render: settings /orgs/:id/settings', 1],
      ['Page render: customers /orgs/:id/customers', 1],
      ['Page render: invoice /orgs/:id/invoices/:id', 1],
    ]);
  }, 120_000);
});
