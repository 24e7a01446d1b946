import { sql } from 'kysely';
import type { Db } from './connect.js';

export const CUSTOMERS_PER_PAGE = 25;

/**
 * Customers of one organisation matching `query` in their name (accents ignored: "zoe" finds "Zoë", served by
 * the trigram index on search_fold(name)) or any contact email, a page at a time.
 */
export async function searchCustomers(db: Db, organisationId: string, query: string, page: number) {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let q = db
    .selectFrom('customer as c')
    .select(['c.id', 'c.name', 'c.paused_until', 'c.excluded', 'c.language'])
    .where('c.organisation_id', '=', organisationId);
  if (query !== '')
    q = q.where((eb) =>
      eb.or([
        eb(sql`search_fold(c.name)`, 'ilike', sql<string>`search_fold(${pattern})`),
        eb.exists(
          eb
            .selectFrom('contact as k')
            .select(sql`1`.as('one'))
            .whereRef('k.customer_id', '=', 'c.id')
            .where('k.organisation_id', '=', organisationId)
            .where('k.value', 'ilike', pattern),
        ),
      ]),
    );
  const customers = await q
    .orderBy('c.name')
    .orderBy('c.id')
    .limit(CUSTOMERS_PER_PAGE + 1)
    .offset((page - 1) * CUSTOMERS_PER_PAGE)
    .execute();
  const ids = customers.map((c) => c.id);
  const contacts =
    ids.length === 0
      ? []
      : await db
          .selectFrom('contact as k')
          .leftJoin('opt_out as o', (join) =>
            join
              .onRef('o.organisation_id', '=', 'k.organisation_id')
              .on(sql<boolean>`lower(o.address) = lower(k.value)`),
          )
          .select([
            'k.customer_id',
            'k.kind',
            'k.value',
            'k.source',
            'k.unusable_reason',
            'o.channel as opted_out',
          ])
          .where('k.organisation_id', '=', organisationId)
          .where('k.customer_id', 'in', ids)
          .orderBy('k.source', 'desc')
          .orderBy('k.value')
          .execute();
  return {
    hasNext: customers.length > CUSTOMERS_PER_PAGE,
    customers: customers.slice(0, CUSTOMERS_PER_PAGE).map((c) => ({
      ...c,
      contacts: contacts.filter((k) => k.customer_id === c.id),
    })),
  };
}

export interface CustomerChanges {
  pausedUntil: string | null;
  excluded: boolean;
  language: 'en' | 'fr' | null;
  /** A contact the user set by hand; it replaces the books' contacts of the same kind. */
  override: { kind: 'email' | 'phone'; value: string } | null;
}

/** Applies the customers page's changes to one customer of one organisation, in one transaction. */
export async function updateCustomer(
  db: Db,
  organisationId: string,
  customerId: string,
  changes: CustomerChanges,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('customer')
      .set({
        paused_until: changes.pausedUntil,
        excluded: changes.excluded,
        language: changes.language,
        updated_at: now,
      })
      .where('id', '=', customerId)
      .where('organisation_id', '=', organisationId)
      .execute();
    const override = changes.override;
    if (!override) return;
    await trx
      .deleteFrom('contact')
      .where('organisation_id', '=', organisationId)
      .where('customer_id', '=', customerId)
      .where('kind', '=', override.kind)
      .where('source', '=', 'override')
      .where('value', '!=', override.value)
      .execute();
    await trx
      .insertInto('contact')
      .values({
        organisation_id: organisationId,
        customer_id: customerId,
        kind: override.kind,
        value: override.value,
        source: 'override',
        is_primary: true,
        phone_type: override.kind === 'phone' ? 'unknown' : null,
      })
      .onConflict((oc) =>
        oc.columns(['customer_id', 'kind', 'value']).doUpdateSet({ source: 'override', is_primary: true }),
      )
      .execute();
  });
}
