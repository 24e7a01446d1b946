import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db.js';
import type { TestBrowser } from '../http.js';
import { seedWorkspace, signedIn, startPages } from './harness.js';

const t = useTestDatabase();
let server: { url: string; close: () => Promise<void> };
let seeded: Awaited<ReturnType<typeof seedWorkspace>>;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startPages(t.db, t.pool);
  seeded = await seedWorkspace(t.db, 'owner@example.com');
  await t.db
    .insertInto('opt_out')
    .values({
      organisation_id: seeded.org.id,
      channel: 'email',
      address: 'ap@aebelo.example',
      source: 'unsubscribe',
    })
    .execute();
  browser = await signedIn(server.url, 'owner@example.com');
});
afterAll(() => server.close());

describe('customers page', () => {
  it('finds customers by name or contact email and shows opt-outs', async () => {
    const base = `/orgs/${seeded.org.id}/customers`;
    // Case folding of ASCII letters only: the embedded Postgres runs with the C locale.
    const byName = await browser.get(`${base}?q=${encodeURIComponent('Æbelø design')}`);
    expect(byName.text).toContain('Æbelø Design ApS');
    const byEmail = await browser.get(`${base}?q=aebelo.example`);
    expect(byEmail.text).toContain('Æbelø Design ApS');
    expect(byEmail.text).toContain('Opted out: email');
    const none = await browser.get(`${base}?q=${encodeURIComponent('100%_')}`);
    expect(none.text).toContain('No customers match.');
  });

  it('ignores accents: "zoe" finds Zoë, "societe generale" finds Société Générale', async () => {
    await t.db
      .insertInto('customer')
      .values([
        { organisation_id: seeded.org.id, external_id: 'C2', name: 'Zoë Martin' },
        { organisation_id: seeded.org.id, external_id: 'C3', name: 'Société Générale' },
        { organisation_id: seeded.org.id, external_id: 'C4', name: 'Zola Imports' },
      ])
      .execute();
    const base = `/orgs/${seeded.org.id}/customers`;
    const zoe = await browser.get(`${base}?q=zoe`);
    expect(zoe.text).toContain('Zoë Martin');
    expect(zoe.text).not.toContain('Zola Imports');
    const societe = await browser.get(`${base}?q=${encodeURIComponent('societe generale')}`);
    expect(societe.text).toContain('Société Générale');
    // Typing the accents finds the plain spelling too.
    const accented = await browser.get(`${base}?q=${encodeURIComponent('ÆBELØ')}`);
    expect(accented.text).toContain('Æbelø Design ApS');
  });

  it('serves the name search from the trigram index', async () => {
    const plan = await t.db.connection().execute(async (conn) => {
      await sql`set enable_seqscan = off`.execute(conn);
      const rows = await sql<{ 'QUERY PLAN': string }>`
        explain select id from customer where search_fold(name) ilike search_fold(${'%societe%'})
      `.execute(conn);
      await sql`reset enable_seqscan`.execute(conn);
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('customer_name_search_idx');
  });

  it('pauses, excludes, sets the language and overrides the contact', async () => {
    const path = `/orgs/${seeded.org.id}/customers/${seeded.customer.id}`;
    const saved = await browser.post(
      path,
      { pausedUntil: '2027-01-15', excluded: 'true', language: 'fr', override: 'Finance@Aebelo.example' },
      { csrfFrom: `/orgs/${seeded.org.id}/customers` },
    );
    expect(saved.status).toBe(303);
    const customer = await t.db
      .selectFrom('customer')
      .select(['paused_until', 'excluded', 'language'])
      .where('id', '=', seeded.customer.id)
      .executeTakeFirstOrThrow();
    expect(customer).toEqual({ paused_until: '2027-01-15', excluded: true, language: 'fr' });
    const overrides = await t.db
      .selectFrom('contact')
      .select(['kind', 'value'])
      .where('customer_id', '=', seeded.customer.id)
      .where('source', '=', 'override')
      .execute();
    expect(overrides).toEqual([{ kind: 'email', value: 'finance@aebelo.example' }]);

    const bad = await browser.post(
      path,
      { pausedUntil: 'soon', language: 'de', override: '12345' },
      { csrfFrom: `/orgs/${seeded.org.id}/customers` },
    );
    expect(bad.status).toBe(400);
    const unchanged = await t.db
      .selectFrom('customer')
      .select(['paused_until', 'language'])
      .where('id', '=', seeded.customer.id)
      .executeTakeFirstOrThrow();
    expect(unchanged).toEqual({ paused_until: '2027-01-15', language: 'fr' });

    // The right length for +1 but a number no area has: refused here, as the cadence would never use it.
    const unassigned = await browser.post(
      path,
      { pausedUntil: '', language: 'fr', override: '+1 671 449 2965' },
      { csrfFrom: `/orgs/${seeded.org.id}/customers` },
    );
    expect(unassigned.status).toBe(400);
    expect(unassigned.text).toContain('an email address, or a phone number in +E.164 form');
    const mobile = await browser.post(
      path,
      { pausedUntil: '', language: 'fr', override: '+44 7911 123456' },
      { csrfFrom: `/orgs/${seeded.org.id}/customers` },
    );
    expect(mobile.status).toBe(303);
  });
});
