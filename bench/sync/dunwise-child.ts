import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createDb, createPool, type Db } from '../../server/db/connect.js';
import { connectBook, type ConnectedBook } from './connect.js';
import { ownCpuMs, postgresCpuMs } from './cpu.js';
import { serveParent } from './ipc.js';
import type { SyncRunReport, SyncRunRequest } from './protocol.js';

/**
 * The Dunwise side of the sync bench, alone in its process so that its peak RSS is Dunwise's only: connects the
 * sandbox book, times the full sync, checks nothing (the parent compares with the sandbox's truth), then measures
 * an unchanged hourly sync and, when asked, a steady-state day.
 */
const HOUR_MS = 3_600_000;
/** Pre-send checks and notes are measured on this many touchpoints and scaled to the day's count. */
const TOUCHPOINT_SAMPLE = 10;

const parent = serveParent(async (raw) => run(raw as SyncRunRequest));

async function run(request: SyncRunRequest): Promise<SyncRunReport> {
  const pool = createPool({
    connectionString: request.databaseUrl,
    max: 4,
    applicationName: 'dunwise-bench-sync',
  });
  const db = createDb(pool);
  try {
    const book = await connectBook(db, randomBytes(32), request.sandbox);
    const cpuBefore = await cpuNow();
    const started = performance.now();
    const full = await book.connector.syncOrganisation(book.organisationId, {
      kind: 'full',
      now: book.clock.now,
    });
    const fullSyncMs = performance.now() - started;
    const cpuAfter = await cpuNow();
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    if (full.status === 'failed') throw new Error(`full sync failed: ${JSON.stringify(full.counts)}`);
    const stored = await storedTotals(db, book.organisationId);
    const unchanged = await unchangedSync(db, book);
    const day = request.simulateDay ? await steadyDay(db, book, request.sandbox.asOf) : null;
    return {
      fullSyncMs,
      fullSyncApiCalls: full.apiCalls,
      syncedInvoices: full.counts['invoices'] ?? 0,
      peakRssMb,
      fullSyncCpuMs: {
        dunwise: cpuAfter.dunwise - cpuBefore.dunwise,
        sandbox: cpuAfter.sandbox - cpuBefore.sandbox,
        postgres:
          cpuAfter.postgres === null || cpuBefore.postgres === null
            ? null
            : cpuAfter.postgres - cpuBefore.postgres,
      },
      stored,
      unchanged,
      day,
    };
  } finally {
    await db.destroy();
  }
}

/** CPU so far of the three processes a sync keeps busy: this one, the sandbox's and Postgres's. */
async function cpuNow(): Promise<SyncRunReport['fullSyncCpuMs']> {
  return {
    dunwise: ownCpuMs(),
    sandbox: await parent.ask<number>({ type: 'cpu' }),
    postgres: postgresCpuMs(),
  };
}

async function storedTotals(db: Db, organisationId: string): Promise<SyncRunReport['stored']> {
  const counts = await sql<{ invoices: number; open: number }>`
    select count(*) filter (where status <> 'deleted')::int as invoices,
      count(*) filter (where status = 'open')::int as open
    from invoice where organisation_id = ${organisationId}
  `.execute(db);
  const sums = await sql<{ currency: string; due: string }>`
    select currency, sum(amount_due)::text as due from invoice
    where organisation_id = ${organisationId} and status = 'open' group by currency
  `.execute(db);
  return {
    invoices: counts.rows[0]!.invoices,
    openInvoices: counts.rows[0]!.open,
    openByCurrency: Object.fromEntries(sums.rows.map((r) => [r.currency, r.due])),
  };
}

/** One hourly sync with nothing changed at the source: its API calls and the data rows it rewrote (by xmin). */
async function unchangedSync(db: Db, book: ConnectedBook): Promise<NonNullable<SyncRunReport['unchanged']>> {
  const before = await xactId(db);
  book.clock.now = new Date(book.clock.now.getTime() + HOUR_MS);
  const started = performance.now();
  const outcome = await book.connector.syncOrganisation(book.organisationId, {
    kind: 'incremental',
    now: book.clock.now,
  });
  const ms = performance.now() - started;
  return {
    apiCalls: outcome.apiCalls,
    rowsRewritten: await rowsWrittenSince(db, book.organisationId, before),
    ms,
  };
}

/**
 * A day at steady state: 24 hourly syncs (one invoice paid before each; the sync past 24 hours since the last
 * reconciliation reconciles open invoices, as in production), then a typical day's touchpoints — one per
 * customer with overdue invoices every 7 days — each with its pre-send check and its note. Those two are
 * measured on a sample and scaled, so that a big book's day does not spend minutes in the provider's pacing.
 */
async function steadyDay(
  db: Db,
  book: ConnectedBook,
  today: string,
): Promise<NonNullable<SyncRunReport['day']>> {
  let hourlyApiCalls = 0;
  let reconcileApiCalls = 0;
  for (let hour = 1; hour <= 24; hour += 1) {
    await parent.ask({ type: 'pay', count: 1 });
    book.clock.now = new Date(book.clock.now.getTime() + HOUR_MS);
    const outcome = await book.connector.syncOrganisation(book.organisationId, {
      kind: 'auto',
      now: book.clock.now,
    });
    if (outcome.status === 'failed') throw new Error(`hourly sync ${hour} failed`);
    if (hour === 24) reconcileApiCalls += outcome.apiCalls;
    else hourlyApiCalls += outcome.apiCalls;
  }
  const overdue = await sql<{ customer_id: string; external_id: string }>`
    select distinct on (customer_id) customer_id, external_id from invoice
    where organisation_id = ${book.organisationId} and status = 'open' and amount_due > 0 and due_date < ${today}::date
    order by customer_id, due_date
  `.execute(db);
  const touchpoints = Math.ceil(overdue.rows.length / 7);
  const sample = overdue.rows.slice(0, Math.min(TOUCHPOINT_SAMPLE, touchpoints));
  const callsAtStart = await parent.ask<number>({ type: 'api-calls' });
  for (const row of sample) await book.connector.fetchInvoiceState(book.organisationId, row.external_id);
  const afterChecks = await parent.ask<number>({ type: 'api-calls' });
  for (const row of sample) {
    await book.connector.addInvoiceNote(
      book.organisationId,
      row.external_id,
      'Dunwise bench: reminder sent by email.',
      `bench-${row.external_id}`,
    );
  }
  const afterNotes = await parent.ask<number>({ type: 'api-calls' });
  const perTouchpoint = (calls: number) => (sample.length === 0 ? 0 : calls / sample.length);
  return {
    hourlyApiCalls,
    reconcileApiCalls,
    touchpoints,
    preSendApiCalls: Math.round(perTouchpoint(afterChecks - callsAtStart) * touchpoints),
    noteApiCalls: Math.round(perTouchpoint(afterNotes - afterChecks) * touchpoints),
  };
}

async function xactId(db: Db): Promise<string> {
  const { rows } = await sql<{ id: string }>`select pg_current_xact_id()::text as id`.execute(db);
  return rows[0]!.id;
}

/** Rows of the synced tables written by transactions after `before` (a fresh database: no xid wraparound). */
async function rowsWrittenSince(db: Db, organisationId: string, before: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select (
      (select count(*) from invoice where organisation_id = ${organisationId} and xmin::text::bigint > ${before}::bigint) +
      (select count(*) from customer where organisation_id = ${organisationId} and xmin::text::bigint > ${before}::bigint) +
      (select count(*) from payment where organisation_id = ${organisationId} and xmin::text::bigint > ${before}::bigint) +
      (select count(*) from credit where organisation_id = ${organisationId} and xmin::text::bigint > ${before}::bigint) +
      (select count(*) from contact where organisation_id = ${organisationId} and xmin::text::bigint > ${before}::bigint)
    )::int as n
  `.execute(db);
  return rows[0]!.n;
}
