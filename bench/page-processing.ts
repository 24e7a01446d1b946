import { sql } from 'kysely';
import { pino } from 'pino';
import { parseJsonKeepingNumbers } from '../connectors/quickbooks/json.js';
import { addRecords, emptyBatch } from '../connectors/quickbooks/records.js';
import { upsertCustomers, upsertInvoices } from '../connectors/store.js';
import type { SyncedInvoice } from '../connectors/types.js';
import { generateCompany } from '../sandbox/books/generate.js';
import { renderCustomer } from '../sandbox/quickbooks/render-customer.js';
import { toQboJson } from '../sandbox/quickbooks/money.js';
import { renderInvoice } from '../sandbox/quickbooks/render-invoice.js';
import type { Db } from '../server/db/connect.js';
import type pg from 'pg';

export interface PageProcessingResult {
  /** Parse + validate + map + upsert of one 1,000-invoice QuickBooks query page, per run (ms). */
  pageMs: number[];
  /** The same mapped rows through one plain multi-row INSERT … ON CONFLICT (ms). */
  rawMs: number[];
  /** Rows each path stored, checked against the page. */
  stored: { page: number; raw: number; expected: number };
}

const PAGE = 1000;
const log = pino({ level: 'silent' });

/**
 * One QuickBooks `select * from Invoice` page of 1,000, as the sandbox renders it, processed the way the sync
 * does (connectors/quickbooks/records.ts, connectors/store.ts) into an empty invoice table, against a raw baseline
 * in the same database and run. The table is emptied before every run (not timed) so both paths insert.
 */
export async function measurePageProcessing(
  db: Db,
  pool: pg.Pool,
  runs: number,
): Promise<PageProcessingResult> {
  const asOf = '2026-12-03';
  const company = generateCompany({
    id: '9341455130188547',
    provider: 'quickbooks',
    name: 'Bench Page Inc.',
    country: 'US',
    currency: 'USD',
    timeZone: 'America/Chicago',
    seed: 7,
    invoices: PAGE + 50,
    asOf,
  });
  // The API does not list deleted invoices: a page is 1,000 listed ones.
  const listed = company.invoices.filter((i) => i.status !== 'deleted').slice(0, PAGE);
  const body = toQboJson({
    QueryResponse: {
      Invoice: listed.map((i) => renderInvoice(company, i, undefined)),
      startPosition: 1,
      maxResults: PAGE,
    },
    time: new Date().toISOString(),
  });
  const ctx = { homeCurrency: 'USD', companyCountry: 'US' };
  const org = await setUpOrganisation(db);
  const customers = emptyBatch();
  addRecords(
    customers,
    'Customer',
    company.customers.map((c) => renderCustomer(company, c)),
    ctx,
    log,
  );
  await upsertCustomers(db, org, customers.customers);

  const expected = listed.length;
  let mapped: SyncedInvoice[] = [];
  const processPage = async () => {
    const parsed = parseJsonKeepingNumbers(body) as { QueryResponse: { Invoice: unknown[] } };
    const batch = emptyBatch();
    addRecords(batch, 'Invoice', parsed.QueryResponse.Invoice, ctx, log);
    mapped = batch.invoices;
    await upsertInvoices(db, org, batch.invoices, { initialSync: false, today: asOf });
  };
  const rawUpsert = () => rawInsert(pool, org, mapped);

  const pageMs: number[] = [];
  const rawMs: number[] = [];
  const stored = { page: 0, raw: 0, expected };
  // Interleaved, after one warm-up each, so both see the same cache and autovacuum weather.
  for (let run = -1; run < runs; run += 1) {
    await emptyInvoices(db, org);
    const pageStart = performance.now();
    await processPage();
    if (run >= 0) pageMs.push(performance.now() - pageStart);
    stored.page = await countInvoices(db, org);
    await emptyInvoices(db, org);
    const rawStart = performance.now();
    await rawUpsert();
    if (run >= 0) rawMs.push(performance.now() - rawStart);
    stored.raw = await countInvoices(db, org);
  }
  return { pageMs, rawMs, stored };
}

async function setUpOrganisation(db: Db): Promise<string> {
  const workspace = await db
    .insertInto('workspace')
    .values({ name: 'bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const org = await db
    .insertInto('organisation')
    .values({
      workspace_id: workspace.id,
      provider: 'quickbooks',
      external_id: '9341455130188547',
      name: 'Bench Page Inc.',
      base_currency: 'USD',
      time_zone: 'America/Chicago',
      country: 'US',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return org.id;
}

const COLUMNS = [
  'organisation_id',
  'external_id',
  'customer_external_id',
  'number',
  'currency',
  'total',
  'amount_due',
  'issue_date',
  'due_date',
  'status',
  'pay_url',
  'sync_token',
  'remote_updated_at',
] as const;

/** The baseline: what a hand-written upsert of already-mapped rows costs, one statement, no customer lookup. */
async function rawInsert(pool: pg.Pool, organisationId: string, rows: SyncedInvoice[]): Promise<void> {
  const values: unknown[] = [];
  const tuples = rows.map((r) => {
    const base = values.length;
    values.push(
      organisationId,
      r.externalId,
      r.customerExternalId,
      r.number,
      r.currency,
      r.total,
      r.amountDue,
      r.issueDate,
      r.dueDate,
      r.status,
      r.payUrl,
      r.syncToken,
      r.remoteUpdatedAt,
    );
    return `(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(',')})`;
  });
  await pool.query(
    `insert into invoice (${COLUMNS.join(',')}) values ${tuples.join(',')}
     on conflict (organisation_id, external_id) do update set amount_due = excluded.amount_due,
       status = excluded.status, updated_at = now()`,
    values,
  );
}

async function emptyInvoices(db: Db, organisationId: string): Promise<void> {
  await db.deleteFrom('invoice').where('organisation_id', '=', organisationId).execute();
}

async function countInvoices(db: Db, organisationId: string): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from invoice where organisation_id = ${organisationId}`.execute(db);
  return rows[0]!.n;
}
