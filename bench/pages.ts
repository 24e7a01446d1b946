import { DateTime } from 'luxon';
import { createBenchDatabase } from './database.js';
import type { Measurement } from './harness.js';
import { BenchClient, startBenchApp } from './pages/app.js';
import { BENCH_EMAIL, BENCH_PASSWORD, seedPagesBook, type PagesTruth } from './pages/seed.js';

export interface PagesSize {
  invoices: number;
  runs: number;
}

interface PageCheck {
  name: string;
  path: (t: PagesTruth) => string;
  /** What the page must show for the seeded book; a message for each thing it gets wrong. */
  check: (html: string, t: PagesTruth) => string[];
}

/** An amount as the English pages write it: thousands grouped ('177,650.00'). */
const grouped = (amount: string) =>
  amount.replace(/^(-?\d+)/, (units) => units.replace(/\B(?=(\d{3})+$)/g, ','));
const cents = (n: number) => grouped((n / 100).toFixed(2));
const fmt = (n: number) => n.toLocaleString('en-US');

const PAGES: PageCheck[] = [
  {
    name: 'portfolio /',
    path: () => '/',
    check: (html, t) =>
      Object.entries(t.overdueCents)
        .filter(
          ([currency, total]) => !html.includes(`<span class="amount">${cents(total)}</span> ${currency}`),
        )
        .map(([currency, total]) => `portfolio: overdue ${currency} total ${cents(total)} not shown`),
  },
  {
    name: 'dashboard /orgs/:id',
    path: (t) => `/orgs/${t.organisationId}`,
    check: (html, t) => {
      const table = /<section class="card" id="invoices">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
      const rows = [...table.matchAll(/<tr>\s*<td>/g)].length;
      const firstDays = /<td class="num">(\d+)<\/td>/.exec(table)?.[1];
      const problems: string[] = [];
      if (rows !== 50) problems.push(`dashboard: ${rows} invoice rows on page 1, expected 50`);
      if (firstDays !== String(t.maxDaysOverdue))
        problems.push(
          `dashboard: first row ${firstDays} days overdue, the most overdue is ${t.maxDaysOverdue}`,
        );
      if (!table.includes('?page=2')) problems.push('dashboard: no link to page 2');
      return problems;
    },
  },
  {
    name: 'settings /orgs/:id/settings',
    path: (t) => `/orgs/${t.organisationId}/settings`,
    // The count is written the locale's way (4,285 in English): compared as digits, grouping aside.
    check: (html, t) => {
      const shown = /\((\d[\d,.\u00a0\u202f ]*) invoices/.exec(html)?.[1]?.replace(/\D/g, '');
      return shown === String(t.backlog)
        ? []
        : [`settings: backlog count ${t.backlog} not shown (page says ${shown ?? 'nothing'})`];
    },
  },
  {
    name: 'customers /orgs/:id/customers',
    path: (t) => `/orgs/${t.organisationId}/customers`,
    // Sorted by name, the first customer is Acme Bakery 000016 (the seed's naming formula).
    check: (html) =>
      html.includes('Acme Bakery 000016') ? [] : ['customers: first customer by name not shown'],
  },
  {
    name: 'invoice /orgs/:id/invoices/:id',
    path: (t) => `/orgs/${t.organisationId}/invoices/${t.sampleInvoice.id}`,
    check: (html, t) => {
      const s = t.sampleInvoice;
      const problems: string[] = [];
      if (!html.includes(s.number)) problems.push(`invoice: number ${s.number} not shown`);
      if (!html.includes(`<span class="amount">${grouped(s.amountDue)}</span>`))
        problems.push(`invoice: amount due ${s.amountDue} not shown`);
      const touchpoints = [...html.matchAll(/<li class="touchpoint/g)].length;
      if (touchpoints !== s.touchpoints)
        problems.push(`invoice: ${touchpoints} touchpoints shown, ${s.touchpoints} seeded`);
      return problems;
    },
  },
];

/**
 * Issue 8/9: server-side render time of each signed-in page, on a fresh database seeded with one organisation of
 * `size.invoices` invoices. Timed from the request to the last byte of the response over localhost HTTP, against
 * the real express app in this process (production settings), after two warm-up requests. Each page's content is
 * checked against the seed; a mismatch is a problem (the bench fails), never a timing.
 */
export async function measurePages(
  adminUrl: string,
  sizes: PagesSize[],
  log: (line: string) => void,
): Promise<{ rows: Measurement[]; problems: string[] }> {
  const rows: Measurement[] = [];
  const problems: string[] = [];
  for (const size of sizes) {
    const database = await createBenchDatabase(adminUrl, 'pages', 10);
    try {
      const today = DateTime.now().setZone('America/New_York').toISODate()!;
      const seedStart = performance.now();
      const truth = await seedPagesBook(database.db, size.invoices, today);
      const seedMs = performance.now() - seedStart;
      log(
        `pages: ${fmt(size.invoices)} invoices seeded in ${(seedMs / 1000).toFixed(1)} s; ${size.runs} runs a page`,
      );
      const app = await startBenchApp(database.db, database.pool, database.url);
      try {
        const client = new BenchClient(app.url);
        await client.signIn(BENCH_EMAIL, BENCH_PASSWORD);
        for (const page of PAGES) {
          const path = page.path(truth);
          const samples: number[] = [];
          let bytes = 0;
          for (let run = -2; run < size.runs; run++) {
            const response = await client.get(path);
            if (response.status !== 200) {
              problems.push(`${page.name}: HTTP ${response.status} at ${fmt(size.invoices)} invoices`);
              break;
            }
            if (run === -2) {
              problems.push(
                ...page.check(response.text, truth).map((p) => `${p} (${fmt(size.invoices)} invoices)`),
              );
              bytes = Buffer.byteLength(response.text);
            }
            if (run >= 0) samples.push(response.ms);
          }
          rows.push({
            measure: `Page render: ${page.name}`,
            scale: `${fmt(size.invoices)} invoices, ${fmt(truth.customers)} customers`,
            unit: 'ms',
            samples,
            target: size.invoices === 10_000 ? '< 100 ms' : 'reported',
            notes: `request to last byte, localhost HTTP, production settings; ${(bytes / 1024).toFixed(0)} KiB`,
          });
        }
      } finally {
        await app.close();
      }
    } finally {
      await database.drop();
    }
  }
  return { rows, problems };
}
