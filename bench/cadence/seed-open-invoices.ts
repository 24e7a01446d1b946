import { sql } from 'kysely';
import { defaultCadenceSettings } from '../../cadence/settings/index.js';
import type { Db } from '../../server/db/connect.js';

export interface OpenBookShape {
  organisations: number;
  customersPerOrganisation: number;
  invoicesPerCustomer: number;
}

export interface SeededTruth {
  invoices: number;
  overdueInvoices: number;
  /** Customers with at least one overdue invoice: the ones the planner must look at. */
  overdueCustomers: number;
}

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'Europe/London',
  'Australia/Sydney',
  'Pacific/Auckland',
];

/**
 * Writes a firm's worth of open invoices set-based (generate_series, no round trip per row): every customer has
 * `invoicesPerCustomer` open invoices and one email; two customers in five are behind, with half their invoices
 * overdue (due 1–60 days before `today`), the rest due in the next 30 days. So 20% of invoices are overdue, as in
 * the 1,000,000 / 200,000. Returns the counts the plan is checked against, computed from the shape.
 */
export async function seedOpenInvoices(db: Db, shape: OpenBookShape, today: string): Promise<SeededTruth> {
  const workspace = await db
    .insertInto('workspace')
    .values({ name: 'bench firm', kind: 'firm' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into organisation (workspace_id, provider, external_id, name, base_currency, time_zone, country)
    select ${workspace.id}::uuid, 'quickbooks', 'realm-' || o, 'Client ' || o, 'USD',
      (${ZONES}::text[])[1 + o % ${ZONES.length}], 'US'
    from generate_series(1, ${shape.organisations}) as o
  `.execute(db);
  // Each organisation gets the default cadence for its zone, as on connecting: without settings every customer is
  // held and the plan would not exercise the send path.
  for (const zone of ZONES) {
    const settings = defaultCadenceSettings({
      timeZone: zone,
      country: 'US',
      smsFrom: '+12025550100',
      callerNumber: '+12025550101',
    });
    await sql`
      insert into organisation_settings (organisation_id, settings)
      select id, ${JSON.stringify(settings)}::jsonb from organisation
      where workspace_id = ${workspace.id} and time_zone = ${zone}
    `.execute(db);
  }
  await sql`
    insert into customer (organisation_id, external_id, name, country)
    select org.id, 'c' || c, 'Customer ' || c, 'US'
    from organisation org cross join generate_series(0, ${shape.customersPerOrganisation - 1}) as c
    where org.workspace_id = ${workspace.id}
  `.execute(db);
  await sql`
    insert into contact (organisation_id, customer_id, kind, value, phone_type, is_primary)
    select cu.organisation_id, cu.id, k.kind,
      case when k.kind = 'email' then 'ap.' || cu.external_id || '.' || substr(cu.id::text, 1, 8) || '@example.com'
        else '+1202555' || lpad((abs(hashtext(cu.id::text)) % 10000)::text, 4, '0') end,
      case when k.kind = 'phone' then 'mobile' end, true
    from customer cu cross join (values ('email'), ('phone')) as k(kind)
    where cu.organisation_id in (select id from organisation where workspace_id = ${workspace.id})
  `.execute(db);
  await sql`
    insert into invoice (organisation_id, external_id, customer_external_id, customer_id, number, currency, total,
      amount_due, issue_date, due_date, status)
    select cu.organisation_id, cu.external_id || '-' || i, cu.external_id, cu.id, cu.external_id || '-' || i, 'USD',
      100 + i, 100 + i, ${today}::date - 90,
      case when substr(cu.external_id, 2)::int % 5 < 2 and i % 2 = 0
        then ${today}::date - (1 + (i * 7) % 60) else ${today}::date + (1 + i % 30) end,
      'open'
    from customer cu cross join generate_series(0, ${shape.invoicesPerCustomer - 1}) as i
    where cu.organisation_id in (select id from organisation where workspace_id = ${workspace.id})
  `.execute(db);
  await sql`analyze`.execute(db);
  const customersBehind =
    Array.from({ length: shape.customersPerOrganisation }, (_, c) => c).filter((c) => c % 5 < 2).length *
    shape.organisations;
  const overduePerCustomer = Math.ceil(shape.invoicesPerCustomer / 2);
  return {
    invoices: shape.organisations * shape.customersPerOrganisation * shape.invoicesPerCustomer,
    overdueInvoices: customersBehind * overduePerCustomer,
    overdueCustomers: customersBehind,
  };
}
