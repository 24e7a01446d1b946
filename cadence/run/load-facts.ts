import { sql } from 'kysely';
import type { Db } from '../../server/db/connect.js';
import type {
  CustomerCadenceInput,
  CustomerFacts,
  InvoiceFacts,
  StepDone,
  TouchpointFacts,
  TouchpointOutcome,
} from '../policy/index.js';
import { looksMobile, optOutAddress } from './contacts.js';

/** An open invoice as the planner loaded it, with what `dunwise plan` prints next to the decision. */
export interface PlannedInvoice extends InvoiceFacts {
  externalId: string;
}

export interface LoadedCustomer {
  id: string;
  organisationId: string;
  externalId: string;
  name: string;
  input: Omit<CustomerCadenceInput, 'organisation'>;
  invoices: PlannedInvoice[];
}

/** How a past touchpoint counts for the minimum gap; awaiting approval is `pendingApprovalSince` instead. */
const OUTCOME: Partial<Record<string, TouchpointOutcome>> = {
  claimed: 'sent',
  sending: 'sent',
  sent: 'sent',
  partially_sent: 'sent',
  failed: 'failed',
  unknown: 'unknown',
  skipped: 'skipped',
  cancelled: 'skipped',
};

/**
 * Loads everything the policy needs for one batch of customers, a fixed number of queries per batch (never one
 * per customer). Only open invoices due before each organisation's `cutoff` date are loaded: those are the ones
 * that can be overdue on that date.
 */
export async function loadCustomerFacts(
  db: Db,
  customerIds: readonly string[],
  cutoffByOrganisation: ReadonlyMap<string, string>,
): Promise<LoadedCustomer[]> {
  if (customerIds.length === 0) return [];
  const ids = [...customerIds];
  const cutoffJson = JSON.stringify(Object.fromEntries(cutoffByOrganisation));
  const [customers, contacts, invoices, touchpoints] = await Promise.all([
    db.selectFrom('customer').selectAll().where('id', 'in', ids).orderBy('id').execute(),
    db
      .selectFrom('contact')
      .select(['customer_id', 'kind', 'value', 'phone_type', 'unusable_reason', 'source', 'is_primary'])
      .where('customer_id', 'in', ids)
      .orderBy('customer_id')
      .orderBy('is_primary', 'desc')
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('invoice')
      .select([
        'id',
        'organisation_id',
        'customer_id',
        'external_id',
        'number',
        'currency',
        'amount_due',
        'due_date',
        'status',
        'disputed',
        'promise_to_pay_until',
        'overdue_at_connect',
        'enrolled',
      ])
      .where('customer_id', 'in', ids)
      .where('status', '=', 'open')
      // A jsonb object keyed by organisation: one hashed lookup per row, where a correlated scan of an unnest
      // cost rows × organisations (0.6 s a batch at 50 organisations).
      .where(
        sql<boolean>`(due_date is null or due_date < (${cutoffJson}::jsonb ->> organisation_id::text)::date)`,
      )
      .execute(),
    db
      .selectFrom('touchpoint')
      .select(['customer_id', 'status', 'claimed_at', 'planned_at', 'created_at'])
      .where('customer_id', 'in', ids)
      .execute(),
  ]);
  const customerById = new Map(customers.map((c) => [c.id, c]));
  const overdue = invoices;
  const invoiceIds = overdue.map((i) => i.id);
  const organisationIds = [...new Set(customers.map((c) => c.organisation_id))];
  const externalIds = customers.map((c) => c.external_id);

  const [steps, optOuts, credits] = await Promise.all([
    invoiceIds.length === 0
      ? []
      : db
          .selectFrom('touchpoint_invoice as ti')
          .innerJoin('touchpoint as t', 't.id', 'ti.touchpoint_id')
          .select(['ti.invoice_id', 'ti.step', 't.local_date'])
          .where('ti.invoice_id', 'in', invoiceIds)
          .where('ti.step', 'is not', null)
          .execute(),
    db
      .selectFrom('opt_out')
      .select(['organisation_id', 'channel', 'address'])
      .where('organisation_id', 'in', organisationIds)
      .execute(),
    sql<{ organisation_id: string; customer_external_id: string; currency: string; amount: string }>`
      select organisation_id, customer_external_id, currency, sum(amount)::text as amount from (
        select organisation_id, customer_external_id, currency, remaining as amount from credit
        where organisation_id = any(${organisationIds}::uuid[]) and customer_external_id = any(${externalIds}::text[])
          and not voided and remaining > 0
        union all
        select organisation_id, customer_external_id, currency, unapplied_amount from payment
        where organisation_id = any(${organisationIds}::uuid[]) and customer_external_id = any(${externalIds}::text[])
          and not deleted and unapplied_amount > 0
      ) c group by organisation_id, customer_external_id, currency order by currency
    `
      .execute(db)
      .then((r) => r.rows),
  ]);

  const stepsByInvoice = groupBy(
    steps.map((s) => ({
      invoiceId: s.invoice_id,
      done: { stepIndex: (s.step as number) - 1, on: s.local_date },
    })),
    (s) => s.invoiceId,
  );
  const optedOut = new Set(optOuts.map((o) => `${o.organisation_id}|${o.channel}|${o.address}`));
  const contactsByCustomer = groupBy(contacts, (c) => c.customer_id);
  const invoicesByCustomer = groupBy(overdue, (i) => i.customer_id as string);
  const touchpointsByCustomer = groupBy(touchpoints, (t) => t.customer_id);
  const creditsByCustomer = groupBy(credits, (c) => `${c.organisation_id}|${c.customer_external_id}`);

  return customers
    .map((c) => {
      const isOptedOut = (channel: string, kind: 'email' | 'phone', value: string) =>
        optedOut.has(`${c.organisation_id}|${channel}|${optOutAddress(kind, value, c.country)}`);
      const own = contactsByCustomer.get(c.id) ?? [];
      // A contact the user set by hand replaces the books' contacts of the same kind.
      const pick = (kind: 'email' | 'phone') => {
        const ofKind = own.filter((x) => x.kind === kind);
        const overrides = ofKind.filter((x) => x.source === 'override');
        return overrides.length > 0 ? overrides : ofKind;
      };
      const facts: CustomerFacts = {
        id: c.id,
        name: c.name,
        country: c.country,
        timeZone: c.time_zone,
        language: c.language,
        pausedUntil: c.paused_until,
        excluded: c.excluded,
        emails: pick('email').map((e) => ({
          address: e.value,
          usable: e.unusable_reason === null,
          optedOut: isOptedOut('email', 'email', e.value),
        })),
        phones: pick('phone').map((p) => ({
          number: p.value,
          type:
            p.phone_type === 'landline' ||
            p.unusable_reason === 'not_mobile' ||
            (p.phone_type !== 'mobile' && !looksMobile(p.value, c.country))
              ? 'landline'
              : 'mobile',
          // A number proved not to be a mobile can still be called (it is marked a landline).
          usable: p.unusable_reason === null || p.unusable_reason === 'not_mobile',
          optedOut: { sms: isOptedOut('sms', 'phone', p.value), call: isOptedOut('call', 'phone', p.value) },
        })),
      };
      const planned: PlannedInvoice[] = (invoicesByCustomer.get(c.id) ?? []).map((i) => ({
        id: i.id,
        externalId: i.external_id,
        number: i.number ?? i.external_id,
        currency: i.currency,
        amountDue: i.amount_due,
        dueDate: i.due_date,
        status: 'open',
        disputed: i.disputed,
        disputedUntil: null,
        promiseToPayUntil: i.promise_to_pay_until,
        overdueAtConnect: i.overdue_at_connect,
        enrolled: i.enrolled,
        stepsDone: (stepsByInvoice.get(i.id) ?? []).map((s): StepDone => s.done),
      }));
      const history = touchpointsByCustomer.get(c.id) ?? [];
      const touchpointFacts: TouchpointFacts[] = history.flatMap((t) => {
        const outcome = OUTCOME[t.status];
        return outcome === undefined ? [] : [{ at: t.claimed_at ?? t.planned_at, outcome }];
      });
      const pending = history.filter((t) => t.status === 'awaiting_approval').map((t) => t.created_at);
      return {
        id: c.id,
        organisationId: c.organisation_id,
        externalId: c.external_id,
        name: c.name,
        invoices: planned,
        input: {
          customer: facts,
          invoices: planned,
          touchpoints: touchpointFacts,
          unappliedCredits: (creditsByCustomer.get(`${c.organisation_id}|${c.external_id}`) ?? []).map(
            (x) => ({
              currency: x.currency,
              amount: x.amount,
            }),
          ),
          pendingApprovalSince: pending.length > 0 ? (pending.sort((a, b) => +a - +b)[0] as Date) : null,
        },
      };
    })
    .filter((c) => customerById.has(c.id));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
