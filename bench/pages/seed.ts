import { sql } from 'kysely';
import { defaultCadenceSettings } from '../../cadence/settings/index.js';
import { createUserWithWorkspace } from '../../server/auth/users.js';
import type { Db } from '../../server/db/connect.js';

export const BENCH_EMAIL = 'owner@bench.example';
export const BENCH_PASSWORD = 'a long enough bench password';
const ZONE = 'America/New_York';

/** What the pages must show for the seeded book, computed from the same formulas in JS (not read back). */
export interface PagesTruth {
  organisationId: string;
  invoices: number;
  customers: number;
  overdueInvoices: number;
  /** Overdue amount due per currency in cents. */
  overdueCents: Record<string, number>;
  /** The largest days-overdue of any overdue invoice: the dashboard's first row (most overdue first). */
  maxDaysOverdue: number;
  /** Overdue invoices that were already overdue at connect and not enrolled: the settings page's backlog count. */
  backlog: number;
  /** The invoice the invoice page is timed on: overdue, partly paid, with a touchpoint history. */
  sampleInvoice: { id: string; number: string; amountDue: string; payments: number; touchpoints: number };
}

/**
 * The class of invoice `i` (1-based) of customer `c`: 0–5 paid, 6 overdue and partly paid (25.00), 7–8 overdue,
 * 9 open and not yet due. Each customer gets five consecutive classes, so 70% of customers are behind and 30% of
 * invoices are overdue; payments come to 0.7 per invoice (the 100k book has 80k payments).
 */
const classOf = (i: number, customers: number) =>
  (Math.floor((i - 1) / customers) + customerOf(i, customers)) % 10;
const customerOf = (i: number, customers: number) => 1 + ((i - 1) % customers);
const totalCents = (i: number) => 10_000 + (i % 997) * 100 + (i % 100);
const currencyOf = (i: number) => (i % 20 === 0 ? 'CAD' : 'USD');
const daysOverdueOf = (i: number) => 1 + (i % 120);
/** Touchpoints an overdue customer has had so far (steps 1…n). */
const touchpointsOf = (c: number) => 1 + (c % 4);

/**
 * One firm workspace (a signed-up owner) with one QuickBooks organisation of `invoices` invoices, seeded
 * set-based in a handful of statements: customers (one per five invoices) with contacts, invoices, payments,
 * credits, a touchpoint history for customers behind (steps 1–4 a week apart, each covering all their overdue
 * invoices), deliveries with status histories, notes written back, a few messages waiting for approval, and the
 * last sync. `today` is the organisation's local date.
 */
export async function seedPagesBook(db: Db, invoices: number, today: string): Promise<PagesTruth> {
  const customers = invoices / 5;
  const user = await createUserWithWorkspace(db, {
    email: BENCH_EMAIL,
    password: BENCH_PASSWORD,
    name: 'Bench Owner',
    kind: 'firm',
  });
  const org = await db
    .insertInto('organisation')
    .values({
      workspace_id: user.workspaceId,
      provider: 'quickbooks',
      external_id: 'bench-realm',
      name: 'Bench Books Inc',
      base_currency: 'USD',
      time_zone: ZONE,
      country: 'US',
      last_sync_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const orgId = org.id;
  const settings = defaultCadenceSettings({
    timeZone: ZONE,
    country: 'US',
    smsFrom: '+12025550100',
    callerNumber: '+12025550101',
  });
  await db
    .insertInto('organisation_settings')
    .values({ organisation_id: orgId, settings: JSON.stringify(settings) })
    .execute();
  await sql`
    insert into sync_run (organisation_id, kind, status, started_at, finished_at, api_calls, counts)
    values (${orgId}, 'full', 'succeeded', now() - interval '1 hour', now() - interval '59 minutes', 40,
      ${JSON.stringify({ invoices, customers })}::jsonb)
  `.execute(db);

  await sql`
    insert into customer (organisation_id, external_id, name, country, language)
    select ${orgId}::uuid, 'C' || c,
      (array['Acme', 'Brightside', 'Cobalt', 'Dunmore', 'Evergreen', 'Fjord', 'Granite', 'Harbour'])[1 + c % 8]
        || ' ' || (array['Plumbing', 'Design', 'Logistics', 'Dental', 'Bakery', 'Studio'])[1 + c % 6]
        || ' ' || lpad(c::text, 6, '0'),
      'US', case when c % 9 = 0 then 'fr' end
    from generate_series(1, ${customers}) as c
  `.execute(db);
  await sql`
    insert into contact (organisation_id, customer_id, kind, value, phone_type, is_primary)
    select cu.organisation_id, cu.id, 'email', 'ap.' || lower(cu.external_id) || '@example.com', null, true
    from customer cu where cu.organisation_id = ${orgId}
    union all
    select cu.organisation_id, cu.id, 'phone',
      '+1212555' || lpad((substr(cu.external_id, 2)::int % 10000)::text, 4, '0'), 'mobile', true
    from customer cu where cu.organisation_id = ${orgId} and substr(cu.external_id, 2)::int % 2 = 0
  `.execute(db);

  // The same formulas as classOf, totalCents, currencyOf and daysOverdueOf above, in SQL.
  await sql`
    insert into invoice (organisation_id, external_id, customer_external_id, customer_id, number, currency, total,
      amount_due, issue_date, due_date, status, overdue_at_connect)
    select ${orgId}::uuid, 'INV' || g.i, cu.external_id, cu.id, 'INV-' || lpad(g.i::text, 6, '0'), g.currency,
      g.total,
      case when g.k <= 5 then 0 when g.k = 6 then g.total - 25 else g.total end,
      g.due - 30, g.due,
      case when g.k <= 5 then 'paid' else 'open' end,
      g.k between 6 and 8 and g.i % 7 = 0
    from (
      select i, k, (10000 + (i % 997) * 100 + i % 100) / 100.0 as total,
        case when i % 20 = 0 then 'CAD' else 'USD' end as currency,
        case when k <= 5 then ${today}::date - (10 + i % 200)
          when k <= 8 then ${today}::date - (1 + i % 120)
          else ${today}::date + (1 + i % 30) end as due,
        1 + (i - 1) % ${customers} as c
      from (
        select i, ((i - 1) / ${customers} + 1 + (i - 1) % ${customers}) % 10 as k
        from generate_series(1, ${invoices}) as i
      ) x
    ) g
    join customer cu on cu.organisation_id = ${orgId} and cu.external_id = 'C' || g.c
  `.execute(db);
  // Paid invoices were paid in full; class 6 has one partial payment of 25.00.
  await sql`
    insert into payment (organisation_id, external_id, customer_external_id, currency, amount, paid_on,
      invoice_external_ids)
    select organisation_id, 'P-' || external_id, customer_external_id, currency,
      case when status = 'paid' then total else 25 end,
      case when status = 'paid' then due_date + 3 else ${today}::date - 5 end,
      array[external_id]
    from invoice
    where organisation_id = ${orgId} and (status = 'paid' or amount_due < total)
  `.execute(db);
  await sql`
    insert into credit (organisation_id, external_id, kind, customer_external_id, currency, total, remaining,
      issued_on)
    select organisation_id, 'CM-' || external_id, 'credit_memo', external_id, 'USD', 80, 50, ${today}::date - 40
    from customer where organisation_id = ${orgId} and substr(external_id, 2)::int % 10 = 3
  `.execute(db);

  // Customers behind: steps 1…n a week apart, the last one yesterday; each covers all their overdue invoices.
  await sql`
    insert into touchpoint (organisation_id, customer_id, step, local_date, planned_at, status, tone, language,
      channels, sent_at)
    select cu.organisation_id, cu.id, s.step, d.local_date, d.local_date + time '14:00',
      case when s.step = 2 and n.c % 50 = 2 then 'unknown' else 'sent' end,
      (array['helpful', 'curious', 'professional', 'serious'])[s.step], coalesce(cu.language, 'en'),
      case s.step when 1 then array['email'] when 2 then array['call'] when 3 then array['email', 'sms']
        else array['call'] end,
      d.local_date + time '14:02'
    from customer cu
    cross join lateral (select substr(cu.external_id, 2)::int as c) n
    cross join lateral generate_series(1, 1 + n.c % 4) as s(step)
    cross join lateral (select ${today}::date - 1 - 7 * (1 + n.c % 4 - s.step) as local_date) d
    where cu.organisation_id = ${orgId} and n.c % 10 between 2 and 8
  `.execute(db);
  await sql`
    insert into touchpoint_invoice (touchpoint_id, invoice_id, organisation_id, step, amount_due, currency)
    select t.id, i.id, t.organisation_id, t.step, i.amount_due, i.currency
    from touchpoint t
    join invoice i on i.customer_id = t.customer_id and i.status = 'open' and i.due_date < ${today}::date
    where t.organisation_id = ${orgId}
  `.execute(db);
  await sql`
    insert into delivery (organisation_id, touchpoint_id, channel, recipient, status, provider_id, status_history,
      attempts)
    select t.organisation_id, t.id, ch.channel, k.value,
      case when ch.channel = 'email' then 'delivered' when ch.channel = 'sms' then 'delivered'
        else 'answered_machine' end,
      ch.channel || '-' || t.id,
      jsonb_build_array(
        jsonb_build_object('at', t.planned_at, 'status', 'sending', 'source', 'dunwise'),
        jsonb_build_object('at', t.planned_at + interval '1 minute', 'status',
          case when ch.channel = 'call' then 'ringing' else 'sent' end, 'source', 'dunwise'),
        jsonb_build_object('at', t.planned_at + interval '3 minutes', 'status',
          case when ch.channel = 'call' then 'answered_machine' else 'delivered' end,
          'source', case when ch.channel = 'email' then 'sendgrid' else 'twilio' end)),
      1
    from touchpoint t
    cross join lateral unnest(t.channels) as ch(channel)
    join contact k on k.customer_id = t.customer_id
      and k.kind = case when ch.channel = 'email' then 'email' else 'phone' end
    where t.organisation_id = ${orgId} and t.status != 'awaiting_approval'
  `.execute(db);
  await sql`
    insert into note (organisation_id, invoice_id, touchpoint_id, idempotency_key, body, status, external_id,
      attempts, written_at, last_error)
    select ti.organisation_id, ti.invoice_id, ti.touchpoint_id, ti.touchpoint_id || ':' || ti.invoice_id,
      'Dunwise: step ' || ti.step || ' reminder sent on ' || t.local_date,
      case when ti.step = 3 and substr(i.external_id, 4)::int % 40 = 0 then 'failed' else 'written' end,
      'N-' || left(ti.touchpoint_id::text, 8), 1, t.planned_at + interval '5 minutes',
      case when ti.step = 3 and substr(i.external_id, 4)::int % 40 = 0 then 'HTTP 400 from the books' end
    from touchpoint_invoice ti
    join touchpoint t on t.id = ti.touchpoint_id
    join invoice i on i.id = ti.invoice_id
    where ti.organisation_id = ${orgId}
  `.execute(db);
  // A few messages waiting for a person (approve-first), as the dashboard's approvals queue shows them.
  await sql`
    insert into touchpoint (organisation_id, customer_id, step, local_date, planned_at, status, tone, language,
      channels, preview)
    select cu.organisation_id, cu.id, 1 + n.c % 4 + 1, ${today}::date, ${today}::date + time '14:00',
      'awaiting_approval', 'serious', 'en', array['email'],
      jsonb_build_object('email', jsonb_build_object('subject', 'Overdue invoices for ' || cu.name,
        'text', 'Hello, your account with Bench Books Inc is overdue. Please pay at your earliest convenience.'))
    from customer cu cross join lateral (select substr(cu.external_id, 2)::int as c) n
    where cu.organisation_id = ${orgId} and n.c % 200 = 5
  `.execute(db);
  // As autovacuum leaves a table after a bulk load: statistics, and the visibility map index-only scans rely on.
  await sql`vacuum analyze`.execute(db);

  return { organisationId: orgId, ...(await truthOf(db, orgId, invoices, customers)) };
}

async function truthOf(db: Db, orgId: string, invoices: number, customers: number) {
  const overdueCents: Record<string, number> = {};
  let overdueInvoices = 0;
  let maxDaysOverdue = 0;
  let backlog = 0;
  let sample: number | null = null;
  for (let i = 1; i <= invoices; i++) {
    const k = classOf(i, customers);
    if (k < 6 || k > 8) continue;
    const cents = totalCents(i) - (k === 6 ? 2500 : 0);
    const currency = currencyOf(i);
    overdueCents[currency] = (overdueCents[currency] ?? 0) + cents;
    overdueInvoices++;
    maxDaysOverdue = Math.max(maxDaysOverdue, daysOverdueOf(i));
    if (i % 7 === 0) backlog++;
    // The first partly paid invoice of a customer with the longest history (four touchpoints).
    if (sample === null && k === 6 && touchpointsOf(customerOf(i, customers)) === 4) sample = i;
  }
  if (sample === null) throw new Error('seed: no sample invoice');
  const number = `INV-${String(sample).padStart(6, '0')}`;
  const row = await db
    .selectFrom('invoice')
    .select('id')
    .where('organisation_id', '=', orgId)
    .where('number', '=', number)
    .executeTakeFirstOrThrow();
  return {
    invoices,
    customers,
    overdueInvoices,
    overdueCents,
    maxDaysOverdue,
    backlog,
    sampleInvoice: {
      id: row.id,
      number,
      amountDue: ((totalCents(sample) - 2500) / 100).toFixed(2),
      payments: 1,
      touchpoints: touchpointsOf(customerOf(sample, customers)),
    },
  };
}
