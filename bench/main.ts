import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openBenchServer } from './database.js';
import { machineLine, renderTable, type Measurement } from './harness.js';
import { MEASURES, NOT_MEASURED } from './measures.js';

/**
 * `npm run bench [-- --quick] [-- --only NAME]`: runs issue 9's measures against the sandbox and a real Postgres
 * (DATABASE_URL, else an embedded one in a temp dir, deleted afterwards), prints one table and writes a markdown
 * copy to bench/RESULTS.md. Exit 1 only when a run produced wrong data (counts or totals unlike the sandbox's).
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const selected = values.only ? MEASURES.filter((m) => m.name === values.only) : MEASURES;
if (selected.length === 0) {
  console.error(`unknown measure ${values.only}; one of: ${MEASURES.map((m) => m.name).join(', ')}`);
  process.exit(2);
}

/** How the numbers were taken, printed under the header of RESULTS.md so nobody misreads them. */
const NOTES = [
  'Sync: the sandbox serves the book from its own child process and Dunwise syncs it from another; peak RSS is ' +
    "the Dunwise process's maxRSS (Node and tsx alone take ~150 MiB of it), the sandbox's memory never counts.",
  'Sync sizes: 10k (3 runs), 100k (2 runs) and 1M invoices (1 run; quick: 1k). Each run is a fresh database and a ' +
    'fresh Dunwise process against the same sandbox, which has served the book once by the second run. RSS ' +
    'flatness is read across the sizes. ' +
    "The steady-state day is simulated on the 10k book's last run (it edits the book).",
  "Both providers are served with their per-minute limits lifted and the connector's pacing on a clock that does " +
    "not wait: the numbers are Dunwise's work and call count. The minutes the provider's own limit (QuickBooks " +
    '500/min per realm, Xero 60/min per tenant) would take for those calls are given beside them.',
  'The day: 24 hourly syncs with one invoice paid before each (the sync past 24 h also reconciles open invoices), ' +
    'then pre-send checks and notes for a typical day (customers with overdue invoices ÷ 7), measured on 10 and scaled.',
  'Rows rewritten: data rows (invoice, customer, payment, credit, contact) whose xmin is newer than the sync start.',
  "CPU in run 1: what Dunwise, the sandbox and Postgres each spent during the full sync, as a share of the machine's " +
    'cores × wall time. Near 75% the three processes are sharing the cores, not waiting; the sandbox stands in for ' +
    "a provider, and the cores it takes here are taken from Dunwise and Postgres, as no real provider's would be.",
];

const log = (line: string) => console.error(`[bench] ${line}`);
const startedAt = new Date();
const loadBefore = loadavg();
const server = await openBenchServer(databaseUrl());
const rows: Measurement[] = [];
const problems: string[] = [];
try {
  for (const measure of selected) {
    const out = await measure.run({
      quick,
      adminUrl: server.adminUrl,
      today: startedAt.toISOString().slice(0, 10),
      log,
    });
    rows.push(...out.rows);
    problems.push(...out.problems);
  }
} finally {
  await server.stop();
}
if (!values.only) rows.push(...NOT_MEASURED);

const minutes = ((Date.now() - startedAt.getTime()) / 60_000).toFixed(1);
const load = (l: number[]) => l.map((v) => v.toFixed(1)).join(' ');
const table = renderTable(rows);
console.log(table);
const markdown = [
  '# Dunwise benchmark results (issue 9)',
  '',
  `- Date: ${startedAt.toISOString()}`,
  `- Mode: ${quick ? 'quick (CI sizes)' : 'full'}${values.only ? `, only ${values.only}` : ''}; took ${minutes} min`,
  `- Machine: ${machineLine()}`,
  `- Load average (1/5/15 min) at start: ${load(loadBefore)}; at end: ${load(loadavg())}` +
    ' — a loaded machine slows every number; compare runs on the same load only',
  `- Database: ${databaseUrl() ? 'DATABASE_URL' : 'embedded Postgres (temp dir)'}, a fresh migrated database per measure`,
  '',
  'Targets are printed beside the numbers and never asserted. Spread is min–max of the runs.',
  '',
  ...NOTES.map((n) => `- ${n}`),
  '',
  table,
  '',
  problems.length === 0
    ? 'Data checks: every synced book matched the sandbox (invoice counts, open counts, open amount due per currency); the plan matched the seeded counts.'
    : `## Wrong data\n\n${problems.map((p) => `- ${p}`).join('\n')}`,
  '',
].join('\n');
// A partial (--only) or CI-sized (--quick) run prints its table but leaves the committed full results alone.
if (!values.only && !quick) await writeFile(new URL('./RESULTS.md', import.meta.url), markdown);
if (problems.length > 0) {
  for (const p of problems) console.error(`[bench] WRONG DATA: ${p}`);
  process.exit(1);
}

/**
 * An entry point, like server/main-helpers.ts: it hands the environment on. Only DATABASE_URL matters here, and
 * loadConfig would insist on the web app's secrets, which a bench does not have.
 */
function databaseUrl(): string | undefined {
  return process.env['DATABASE_URL'] || undefined;
}
