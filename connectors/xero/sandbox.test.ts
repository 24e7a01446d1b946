import { sql } from 'kysely';
import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCredit, deleteInvoice, payInvoice, voidInvoice } from '../../sandbox/books/mutate.js';
import {
  kowhaiCafe,
  thamesTraders,
  xeroCompany,
  customer,
  invoice,
} from '../../sandbox/xero/testing/company.js';
import { xeroId } from '../../sandbox/xero/index.js';
import { useTestDatabase } from '../../test/db.js';
import { buildWorkspace } from '../../test/factories.js';
import { readTokens } from '../tokens.js';
import { createXeroLimiter, type XeroLimiter } from './limits.js';
import { connectOrganisations, startXeroTest, type XeroSandboxSetup } from './testing.js';

const t = useTestDatabase();
const KOWHAI = kowhaiCafe().id;
const THAMES = thamesTraders().id;
const PRAIRIE = '5d6e7f80-9a1b-4c2d-8e3f-405162738495';

const prairie = () =>
  xeroCompany({
    id: PRAIRIE,
    name: 'Prairie Tools Inc',
    country: 'US',
    currency: 'USD',
    timeZone: 'America/Chicago',
    customers: [
      customer('1', {
        displayName: 'Lone Star Builders',
        country: 'US',
        currency: 'USD',
        mobile: '+14155550142',
      }),
    ],
    invoices: [
      invoice('7', '1', {
        currency: 'USD',
        dueDate: '2024-03-31',
        totalCents: 475_000,
        amountDueCents: 475_000,
      }),
    ],
  });

let setup: XeroSandboxSetup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

async function connected(tenants: string[], options: Parameters<typeof startXeroTest>[2] = {}) {
  setup = await startXeroTest(t, [kowhaiCafe(), thamesTraders(), prairie()], options);
  const workspace = await buildWorkspace(t.db, { kind: 'firm' });
  const result = await connectOrganisations(setup, workspace.id, tenants);
  const orgId = (tenantId: string) => result.organisations.find((o) => o.tenantId === tenantId)!.id;
  return { setup, workspace, result, orgId };
}

const org = (id: string) =>
  t.db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
/** Money columns are numeric with 4 places; compared in the currency's 2 places, exactly. */
const cents = (amount: string) => new Decimal(amount).toFixed(2);
const invoiceRow = async (orgId: string, externalId: string) => {
  const row = await t.db
    .selectFrom('invoice')
    .selectAll()
    .where('organisation_id', '=', orgId)
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  return { ...row, total: cents(row.total), amount_due: cents(row.amount_due) };
};

describe('connect', () => {
  it('one consent with 3 organisations adds all three, each with its name, currency, country and zone', async () => {
    const { result, orgId } = await connected([KOWHAI, THAMES, PRAIRIE]);
    expect(result.organisations).toHaveLength(3);
    const rows = await Promise.all([KOWHAI, THAMES, PRAIRIE].map((tenant) => org(orgId(tenant))));
    expect(rows.map((r) => [r.name, r.base_currency, r.country, r.time_zone, r.connection_id])).toEqual([
      ['Kowhai Cafe Ltd', 'NZD', 'NZ', 'Pacific/Auckland', result.connectionId],
      ['Thames Traders Ltd', 'GBP', 'GB', 'Europe/London', result.connectionId],
      ['Prairie Tools Inc', 'USD', 'US', 'America/Chicago', result.connectionId],
    ]);
    // The connection id Xero gave each organisation, not its tenant id, is kept for DELETE /connections/{id}.
    expect(rows.every((r) => r.provider_connection_id && r.provider_connection_id !== r.external_id)).toBe(
      true,
    );
  });

  it('a second consent adds only the organisations ticked in it (auth event filter), on the same grant', async () => {
    const { setup, workspace, result } = await connected([KOWHAI, THAMES]);
    const again = await connectOrganisations(setup, workspace.id, [PRAIRIE]);
    expect(again.organisations.map((o) => o.tenantId)).toEqual([PRAIRIE]);
    expect(again.connectionId).toBe(result.connectionId);
    const all = await t.db
      .selectFrom('organisation')
      .select('external_id')
      .where('workspace_id', '=', workspace.id)
      .execute();
    expect(all).toHaveLength(3);
  });
});

describe('sync through the sandbox', () => {
  it('connects two organisations in one consent and syncs both, each on its own', async () => {
    const { setup, orgId } = await connected([KOWHAI, THAMES]);
    const now = new Date();
    const told: [string, Date][] = [];
    setup.deps.afterSync = (id, at) => {
      told.push([id, at]);
      return Promise.reject(new Error('cadence hiccup'));
    };
    const a = await setup.connector.syncOrganisation(orgId(KOWHAI), { now });
    const b = await setup.connector.syncOrganisation(orgId(THAMES), { now });
    expect([a.kind, a.status, b.kind, b.status]).toEqual(['full', 'succeeded', 'full', 'succeeded']);
    expect(a.counts.invoices).toBe(5);
    expect(b.counts.invoices).toBe(1);
    expect(a.apiCalls).toBeGreaterThan(0);
    const countFor = async (id: string) =>
      (await t.db.selectFrom('invoice').select('id').where('organisation_id', '=', id).execute()).length;
    expect([await countFor(orgId(KOWHAI)), await countFor(orgId(THAMES))]).toEqual([5, 1]);
    const run = await t.db
      .selectFrom('sync_run')
      .selectAll()
      .where('id', '=', a.syncRunId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'succeeded', kind: 'full', api_calls: a.apiCalls });
    expect((await org(orgId(KOWHAI))).full_sync_completed_at).not.toBeNull();
    // The cadence hears of each sync; its failure does not fail the sync.
    expect(told).toEqual([
      [orgId(KOWHAI), now],
      [orgId(THAMES), now],
    ]);
  });

  it("stores Xero's AmountDue: a credit note lowers it; voided, paid, part-paid and foreign-currency invoices as Xero says", async () => {
    const { setup, orgId } = await connected([KOWHAI]);
    const id = orgId(KOWHAI);
    await setup.connector.syncOrganisation(id, { now: new Date() });
    const inv = (n: string) => invoiceRow(id, xeroId(KOWHAI, 'invoice', n));
    expect(await inv('38')).toMatchObject({
      total: '2300.00',
      amount_due: '2000.00',
      status: 'open',
      due_date: '2026-11-05',
    });
    expect(await inv('42')).toMatchObject({ amount_due: '750.00', status: 'open' });
    expect(await inv('40')).toMatchObject({ amount_due: '0.00', status: 'paid' });
    expect(await inv('41')).toMatchObject({ amount_due: '0.00', status: 'voided' });
    expect(await inv('43')).toMatchObject({ currency: 'USD', amount_due: '4750.00' });
    const payments = await t.db
      .selectFrom('payment')
      .select(['deleted'])
      .where('organisation_id', '=', id)
      .execute();
    expect(payments.filter((p) => p.deleted)).toHaveLength(1);
    const credits = await t.db
      .selectFrom('credit')
      .select(['kind', 'remaining'])
      .where('organisation_id', '=', id)
      .where('remaining', '>', '0')
      .execute();
    // Credit on account holds the cadence: the unused credit note and the overpayment left by p2.
    expect(credits.map((c) => [c.kind, cents(c.remaining)]).sort()).toEqual([
      ['credit_note', '80.00'],
      ['overpayment', '100.00'],
    ]);
    const contacts = await t.db
      .selectFrom('contact')
      .innerJoin('customer', 'customer.id', 'contact.customer_id')
      .select(['customer.name', 'contact.kind', 'contact.value', 'contact.phone_type'])
      .where('contact.organisation_id', '=', id)
      .where('contact.kind', '=', 'phone')
      .execute();
    expect(contacts).toContainEqual({
      name: 'Kōwhai Café Ltd',
      kind: 'phone',
      value: '+64215550123',
      phone_type: 'mobile',
    });
  });

  it('B08/B10: incremental sync asks for changes since the watermark and sees payments, voids and deletions', async () => {
    const { setup, orgId } = await connected([KOWHAI]);
    const id = orgId(KOWHAI);
    await setup.connector.syncOrganisation(id, { now: new Date() });
    const watermark = (await org(id)).sync_watermark;
    expect(watermark).not.toBeNull();
    const unchanged = await setup.connector.syncOrganisation(id, { kind: 'incremental', now: new Date() });
    expect(unchanged.counts.invoicesChanged ?? 0).toBe(0);

    const company = setup.world.company(KOWHAI)!;
    payInvoice(setup.world, company, '42');
    voidInvoice(setup.world, company, '38');
    deleteInvoice(setup.world, company, '43');
    const changed = await setup.connector.syncOrganisation(id, { kind: 'incremental', now: new Date() });
    expect(changed.kind).toBe('incremental');
    const inv = (n: string) => invoiceRow(id, xeroId(KOWHAI, 'invoice', n));
    expect(await inv('42')).toMatchObject({ status: 'paid', amount_due: '0.00' });
    expect(await inv('38')).toMatchObject({ status: 'voided', amount_due: '0.00' });
    expect(await inv('43')).toMatchObject({ status: 'deleted', amount_due: '0.00' });
    // Never taken from the local clock: at most the newest UpdatedDateUTC received, minus the overlap.
    const after = (await org(id)).sync_watermark!;
    expect(after.getTime()).toBeGreaterThanOrEqual(watermark!.getTime());
    expect(after.getTime()).toBeLessThanOrEqual(setup.world.now());
  });

  it('a credit note applied in Xero lowers the amount due at the next sync, by webhook or by the hour', async () => {
    const { setup, orgId } = await connected([KOWHAI]);
    const id = orgId(KOWHAI);
    await setup.connector.syncOrganisation(id, { now: new Date() });
    const company = setup.world.company(KOWHAI)!;
    applyCredit(setup.world, company, 'c2', '42');
    const creditId = xeroId(KOWHAI, 'creditnote', 'c2');
    const hooked = await setup.connector.syncChangedResources(
      id,
      { invoices: [xeroId(KOWHAI, 'invoice', '42')], contacts: [], creditNotes: [creditId] },
      new Date(),
    );
    expect(hooked).toMatchObject({ kind: 'webhook', status: 'succeeded', apiCalls: 2 });
    expect(await invoiceRow(id, xeroId(KOWHAI, 'invoice', '42'))).toMatchObject({
      amount_due: '670.00',
      status: 'open',
    });
    const credit = await t.db
      .selectFrom('credit')
      .select('remaining')
      .where('organisation_id', '=', id)
      .where('external_id', '=', creditId)
      .executeTakeFirstOrThrow();
    expect(cents(credit.remaining)).toBe('0.00');
    // The hourly pass agrees (and the webhook run did not move the watermark past anything).
    await setup.connector.syncOrganisation(id, { kind: 'incremental', now: new Date() });
    expect(await invoiceRow(id, xeroId(KOWHAI, 'invoice', '42'))).toMatchObject({ amount_due: '670.00' });
  });

  it('the daily reconciliation re-reads open invoices', async () => {
    const { setup, orgId } = await connected([KOWHAI]);
    const id = orgId(KOWHAI);
    await setup.connector.syncOrganisation(id, { now: new Date() });
    // An edit that If-Modified-Since cannot see (P12): change the local copy behind Xero's back.
    await t.db
      .updateTable('invoice')
      .set({ due_date: '2030-01-01' })
      .where('organisation_id', '=', id)
      .where('status', '=', 'open')
      .execute();
    const run = await setup.connector.syncOrganisation(id, { kind: 'reconcile', now: new Date() });
    expect(run.kind).toBe('reconcile');
    expect((await invoiceRow(id, xeroId(KOWHAI, 'invoice', '38'))).due_date).toBe('2026-11-05');
    expect((await org(id)).last_reconciled_at).not.toBeNull();
    // What the pass listed is forgotten once it is done (connectors/reconcile-seen.ts).
    const seen = await sql<{ n: number }>`select count(*)::int as n from reconcile_seen`.execute(t.db);
    expect(seen.rows[0]!.n).toBe(0);
  });

  it('B04: a stored token set without an expiry is refreshed before the first call, and the rotated token kept', async () => {
    const { setup, orgId, result } = await connected([KOWHAI]);
    const before = await readTokens(setup.deps, result.connectionId);
    await t.db
      .updateTable('connection')
      .set({ access_token_expires_at: null })
      .where('id', '=', result.connectionId)
      .execute();
    const run = await setup.connector.syncOrganisation(orgId(KOWHAI), { now: new Date() });
    expect(run.status).toBe('succeeded');
    const after = await readTokens(setup.deps, result.connectionId);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessTokenExpiresAt.getTime()).toBeGreaterThan(Date.now());
  });
});

describe('refresh with a lost response', () => {
  it('uses the 30-minute grace: the stored token, already rotated by a refresh whose answer never arrived, still refreshes', async () => {
    const { setup, orgId, result } = await connected([KOWHAI]);
    const stored = await readTokens(setup.deps, result.connectionId);
    // A refresh Xero carried out but whose answer was lost: the grant rotated, the stored token did not.
    const lost = await fetch(`${setup.config.identityUrl}/connect/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${setup.config.clientId}:${setup.config.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stored.refreshToken }),
    });
    expect(lost.status).toBe(200);
    await t.db
      .updateTable('connection')
      .set({ access_token_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', result.connectionId)
      .execute();
    const run = await setup.connector.syncOrganisation(orgId(KOWHAI), { now: new Date() });
    expect(run.status).toBe('succeeded');
    const after = await readTokens(setup.deps, result.connectionId);
    expect(after.refreshToken).not.toBe(stored.refreshToken);
    expect(
      (
        await t.db
          .selectFrom('connection')
          .select('status')
          .where('id', '=', result.connectionId)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('active');
  });
});

describe('failures stay with the organisation they belong to', () => {
  it('B05: an organisation removed inside Xero needs reconnecting; the other on the same grant keeps syncing', async () => {
    const { setup, orgId, result } = await connected([KOWHAI, THAMES]);
    setup.world.faults.push({ target: 'xero', companyId: KOWHAI, kind: 'revoked', remaining: 1 });
    await expect(setup.connector.syncOrganisation(orgId(KOWHAI), { now: new Date() })).rejects.toMatchObject({
      kind: 'needs_reconnect',
    });
    expect(await org(orgId(KOWHAI))).toMatchObject({ status: 'needs_reconnect' });
    expect(await org(orgId(THAMES))).toMatchObject({ status: 'active' });
    const grant = await t.db
      .selectFrom('connection')
      .select('status')
      .where('id', '=', result.connectionId)
      .executeTakeFirstOrThrow();
    expect(grant.status).toBe('active');
    expect((await setup.connector.syncOrganisation(orgId(THAMES), { now: new Date() })).status).toBe(
      'succeeded',
    );
    // The next runs make no call at all for the removed one.
    await expect(setup.connector.syncOrganisation(orgId(KOWHAI), { now: new Date() })).rejects.toMatchObject({
      kind: 'needs_reconnect',
    });
    const runs = await t.db
      .selectFrom('sync_run')
      .select(['api_calls', 'status'])
      .where('organisation_id', '=', orgId(KOWHAI))
      .orderBy('started_at')
      .execute();
    expect(runs.at(-1)).toEqual({ api_calls: 0, status: 'failed' });
  });

  it('B21: a day 429 parks that organisation until the reset; another organisation continues', async () => {
    const { setup, orgId } = await connected([KOWHAI, THAMES, PRAIRIE]);
    setup.world.faults.push({ target: 'xero', companyId: KOWHAI, kind: 'rate-limit-day', remaining: 1 });
    await expect(setup.connector.syncOrganisation(orgId(KOWHAI), { now: new Date() })).rejects.toMatchObject({
      kind: 'rate_limited',
      details: { scope: 'day' },
    });
    const parked = await org(orgId(KOWHAI));
    expect(parked.rate_limited_until!.getTime()).toBeGreaterThan(Date.now() + 3_600_000);
    for (const other of [THAMES, PRAIRIE]) {
      expect((await setup.connector.syncOrganisation(orgId(other), { now: new Date() })).status).toBe(
        'succeeded',
      );
    }
    await expect(setup.connector.syncOrganisation(orgId(KOWHAI), { now: new Date() })).rejects.toMatchObject({
      kind: 'rate_limited',
    });
    expect(setup.clock.slept).toEqual([]);
  });

  it('B21: a minute 429 mid-sync waits Retry-After and resumes at the same page', async () => {
    // Two records a page, so the sync has several pages; the 429 lands on the second call.
    let calls = 0;
    const target: { world?: XeroSandboxSetup['world'] } = {};
    const inner = createXeroLimiter({ now: () => 0, sleep: () => Promise.resolve() });
    const slept: number[] = [];
    const limiter: XeroLimiter = {
      ...inner,
      clock: { now: () => 0, sleep: (ms) => (slept.push(ms), Promise.resolve()) },
      acquire: async (tenantId) => {
        calls += 1;
        if (calls === 2)
          target.world!.faults.push({ target: 'xero', companyId: KOWHAI, kind: 'rate-limit', remaining: 1 });
        return inner.acquire(tenantId);
      },
      pause: (_tenantId, ms) => slept.push(ms),
    };
    const { setup: s, orgId } = await connected([KOWHAI], { limiter, pageSize: 2 });
    target.world = s.world;
    calls = 0;
    const baseline = await s.connector.syncOrganisation(orgId(KOWHAI), { kind: 'full', now: new Date() });
    expect(slept.length).toBe(1);
    expect(slept[0]).toBeGreaterThanOrEqual(1000);
    calls = 10; // no more faults
    const clean = await s.connector.syncOrganisation(orgId(KOWHAI), { kind: 'full', now: new Date() });
    // Two records a page really: many more pages than the four lists.
    const { pages = 0, invoices = 0, contacts = 0, credits = 0, payments = 0 } = clean.counts;
    const half = (n: number) => Math.ceil(n / 2);
    expect(pages).toBeGreaterThanOrEqual(half(invoices) + half(contacts) + half(credits) + half(payments));
    // Exactly one extra call: the refused page asked again, not the sync restarted from page 1.
    expect(baseline.apiCalls).toBe(clean.apiCalls + 1);
    expect(baseline.counts.invoices).toBe(clean.counts.invoices);
    expect(baseline.counts.contacts).toBe(clean.counts.contacts);
  });
});
