import { sql } from 'kysely';
import type { Db } from '../../server/db/connect.js';
import type { DeliveryChannel, OrganisationRow } from '../../server/db/schema.js';
import { atLocalTime, decideCustomerFor } from './decide.js';
import { loadCustomerFacts, type LoadedCustomer } from './load-facts.js';
import { loadSettings, withDisabledChannels } from './settings-store.js';
import { localDateOf, type CadenceSettings, type CustomerDecision } from '../policy/index.js';

export type PlanOrganisation = Pick<
  OrganisationRow,
  'id' | 'name' | 'provider' | 'external_id' | 'time_zone' | 'country' | 'status' | 'disabled_channels'
>;

/** One customer's decision, with what it was taken from. */
export interface PlannedCustomer extends LoadedCustomer {
  organisation: PlanOrganisation;
  settings: CadenceSettings;
  decision: CustomerDecision;
  /** The instant the decision was taken for. */
  now: Date;
}

/**
 * When to plan for: an instant (the tick's scheduled time), or a calendar date meaning "12:00 on that date in
 * each organisation's own zone" (`dunwise plan --as-of`): midday is inside the default send window everywhere,
 * and far from DST jumps, so the answer reads as "what happens that day".
 */
export type PlanMoment = { instant: Date } | { localDate: string };

export interface PlanOptions {
  organisationId?: string | undefined;
  at: PlanMoment;
  /** Customers per batch: bounds memory (every fact of a batch is held at once). */
  batchSize?: number;
  /**
   * Channels the caller cannot send on (no provider configured in this process): the policy sees them as it sees
   * a channel disabled for an account problem — no sender number — so the plan never counts on them.
   */
  unavailableChannels?: readonly DeliveryChannel[];
}

const DEFAULT_BATCH = 1000;

/**
 * Feeds the policy, batch by batch, with every customer that has an open invoice overdue at the planned moment
 * (or one with no due date, which the policy holds with that reason). Candidates are found set-based in SQL and
 * paged by customer id (keyset), so memory stays bounded however many invoices there are.
 */
export async function planCustomers(
  db: Db,
  options: PlanOptions,
  onBatch: (batch: PlannedCustomer[]) => Promise<void>,
): Promise<void> {
  const organisations = await db
    .selectFrom('organisation')
    .select(['id', 'name', 'provider', 'external_id', 'time_zone', 'country', 'status', 'disabled_channels'])
    .where('status', '!=', 'disconnected')
    .$if(options.organisationId !== undefined, (q) => q.where('id', '=', options.organisationId as string))
    .execute();
  if (organisations.length === 0) return;
  const unavailable = options.unavailableChannels ?? [];
  if (unavailable.length > 0) {
    for (const o of organisations)
      o.disabled_channels = [...new Set([...o.disabled_channels, ...unavailable])];
  }
  const settings = await loadSettings(db, organisations);
  const orgById = new Map(organisations.map((o) => [o.id, o]));
  // What the policy sees for an organisation does not depend on the customer: built once, not per decision.
  const effective = new Map(
    organisations.map((o) => [
      o.id,
      withDisabledChannels(settings.get(o.id) as CadenceSettings, o.disabled_channels),
    ]),
  );
  const nowByOrg = new Map(organisations.map((o) => [o.id, momentFor(options.at, o.time_zone)]));
  const cutoffs = new Map(
    organisations.map((o) => [o.id, localCutoff(options.at, nowByOrg.get(o.id) as Date, o)]),
  );
  const orgIds = organisations.map((o) => o.id);
  const cutoffList = orgIds.map((id) => cutoffs.get(id) as string);
  const size = options.batchSize ?? DEFAULT_BATCH;

  const candidates = await overdueCustomerIds(db, orgIds, cutoffList);
  for (let start = 0; start < candidates.length; start += size) {
    const ids = candidates.slice(start, start + size);
    const loaded = await loadCustomerFacts(db, ids, cutoffs);
    const batch = loaded.map((customer): PlannedCustomer => {
      const organisation = orgById.get(customer.organisationId) as PlanOrganisation;
      const orgSettings = settings.get(organisation.id) as CadenceSettings;
      const now = nowByOrg.get(organisation.id) as Date;
      const decision = decideCustomerFor(
        organisation,
        effective.get(organisation.id) as CadenceSettings,
        customer,
        now,
      );
      return { ...customer, organisation, settings: orgSettings, decision, now };
    });
    await onBatch(batch);
  }
}

/**
 * Every customer with an open invoice overdue at its organisation's cutoff (or without a due date), in id order.
 * One set-based pass over the open invoices for the whole plan: probing per batch cost a scan of the invoice table
 * each time. Only ids are held (about 100 bytes a customer), so memory stays small even at a million invoices.
 */
async function overdueCustomerIds(
  db: Db,
  orgIds: readonly string[],
  cutoffs: readonly string[],
): Promise<string[]> {
  const { rows } = await sql<{ customer_id: string }>`
    select distinct i.customer_id from invoice i
    join unnest(${orgIds}::uuid[], ${cutoffs}::date[]) as o(org, cutoff) on o.org = i.organisation_id
    where i.status = 'open' and i.amount_due > 0 and i.customer_id is not null
      and (i.due_date is null or i.due_date < o.cutoff)
    order by i.customer_id
  `.execute(db);
  return rows.map((r) => r.customer_id);
}

function momentFor(at: PlanMoment, zone: string): Date {
  return 'instant' in at ? at.instant : atLocalTime(at.localDate, '12:00', zone);
}

/** Invoices due before this local date are overdue at the moment planned for. */
function localCutoff(at: PlanMoment, now: Date, org: PlanOrganisation): string {
  return 'localDate' in at ? at.localDate : localDateOf(now, org.time_zone);
}
