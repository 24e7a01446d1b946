import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { planCustomers } from '../cadence/run/planner.js';
import { defaultCadenceSettings } from '../cadence/settings/index.js';
import type { Db } from '../server/db/connect.js';

export interface CadencePlanBenchOptions {
  organisations?: number;
  customersPerOrganisation?: number;
  invoicesPerCustomer?: number;
  /** One invoice in `overdueEvery` is overdue (the default 5 gives 200,000 of 1,000,000). */
  overdueEvery?: number;
  /** The tick being planned (the local date of the data is derived from it). */
  now?: Date;
}

export interface CadencePlanBenchResult {
  openInvoices: number;
  overdueInvoices: number;
  customersPlanned: number;
  decisions: Record<string, number>;
  seedMs: number;
  planMs: number;
  peakRssMb: number;
  peakHeapMb: number;
}

/**
 * The planning benchmark of issue 6: 500 organisations, 1,000,000 open invoices of which 200,000 are overdue,
 * seeded set-based (generate_series) into an empty database, then one full planning pass timed with its peak
 * memory. Targets: ≤ 5 s and ≤ 300 MB. Measures only; asserts nothing (timed assertions do not belong in tests).
 */
export async function benchCadencePlan(
  db: Db,
  options: CadencePlanBenchOptions = {},
): Promise<CadencePlanBenchResult> {
  const orgs = options.organisations ?? 500;
  const perOrg = options.customersPerOrganisation ?? 100;
  const perCustomer = options.invoicesPerCustomer ?? 20;
  const every = options.overdueEvery ?? 5;
  const now = options.now ?? new Date('2026-12-07T22:00:00Z'); // Tue 8 Dec, 11:00 in Auckland
  const today = '2026-12-08';
  const settings = JSON.stringify(
    defaultCadenceSettings({
      timeZone: 'Pacific/Auckland',
      country: 'NZ',
      smsFrom: '+64211234567',
      callerNumber: '+6493001234',
    }),
  );

  const seedStart = performance.now();
  const ws = await db
    .insertInto('workspace')
    .values({ name: 'bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into organisation (workspace_id, provider, external_id, name, base_currency, time_zone, country)
    select ${ws.id}::uuid, 'quickbooks', 'bench-realm-' || g, 'Bench Org ' || g, 'NZD', 'Pacific/Auckland', 'NZ'
    from generate_series(1, ${orgs}) g`.execute(db);
  await sql`
    insert into organisation_settings (organisation_id, settings)
    select id, ${settings}::jsonb from organisation where workspace_id = ${ws.id}::uuid`.execute(db);
  await sql`
    insert into customer (organisation_id, external_id, name, country)
    select o.id, 'C-' || g, 'Customer ' || g, 'NZ'
    from organisation o cross join generate_series(1, ${perOrg}) g where o.workspace_id = ${ws.id}::uuid`.execute(
    db,
  );
  await sql`
    insert into contact (organisation_id, customer_id, kind, value, phone_type)
    select c.organisation_id, c.id, k.kind,
      case when k.kind = 'email' then lower(c.external_id) || '@example.com' else '+6421' || lpad((abs(hashtext(c.id::text)) % 10000000)::text, 7, '0') end,
      case when k.kind = 'phone' then 'mobile' end
    from customer c join organisation o on o.id = c.organisation_id
    cross join (values ('email'), ('phone')) k(kind) where o.workspace_id = ${ws.id}::uuid`.execute(db);
  await sql`
    insert into invoice (organisation_id, external_id, customer_external_id, customer_id, number, currency, total,
      amount_due, due_date, status)
    select c.organisation_id, c.external_id || '-' || g, c.external_id, c.id, 'INV-' || c.external_id || '-' || g, 'NZD',
      100 + g, 100 + g,
      case when g % ${every} = 0 then ${today}::date - (1 + (g * 7 + length(c.external_id)) % 60)
           else ${today}::date + (g % 30) end,
      'open'
    from customer c join organisation o on o.id = c.organisation_id
    cross join generate_series(1, ${perCustomer}) g where o.workspace_id = ${ws.id}::uuid`.execute(db);
  await sql`analyze`.execute(db);
  const seedMs = performance.now() - seedStart;

  const counts = await sql<{ open: string; overdue: string }>`
    select count(*)::text as open, count(*) filter (where due_date < ${today}::date)::text as overdue
    from invoice where status = 'open'`.execute(db);

  const decisions: Record<string, number> = {};
  let customersPlanned = 0;
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const planStart = performance.now();
  await planCustomers(db, { at: { instant: now } }, (batch) => {
    customersPlanned += batch.length;
    for (const p of batch) decisions[p.decision.kind] = (decisions[p.decision.kind] ?? 0) + 1;
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    return Promise.resolve();
  });
  const planMs = performance.now() - planStart;
  return {
    openInvoices: Number(counts.rows[0]?.open),
    overdueInvoices: Number(counts.rows[0]?.overdue),
    customersPlanned,
    decisions,
    seedMs: Math.round(seedMs),
    planMs: Math.round(planMs),
    peakRssMb: Math.round(peakRss / 1048576),
    peakHeapMb: Math.round(peakHeap / 1048576),
  };
}
