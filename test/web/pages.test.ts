import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings, saveSettings } from '../../cadence/run/settings-store.js';
import { useTestDatabase } from '../db.js';
import type { TestBrowser } from '../http.js';
import { seedWorkspace, signedIn, startPages } from './harness.js';

const t = useTestDatabase();
let server: { url: string; close: () => Promise<void> };
let mine: Awaited<ReturnType<typeof seedWorkspace>>;
let theirs: Awaited<ReturnType<typeof seedWorkspace>>;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startPages(t.db, t.pool);
  mine = await seedWorkspace(t.db, 'mine@example.com');
  theirs = await seedWorkspace(t.db, 'theirs@example.com');
  browser = await signedIn(server.url, 'mine@example.com');
});
afterAll(() => server.close());

describe('portfolio and organisation pages', () => {
  it('shows overdue totals per currency (never summed) and the overdue invoices', async () => {
    const home = await browser.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Books of mine@example.com');
    expect(home.text).not.toContain('Books of theirs@example.com');
    expect(home.text).toMatch(/<span class="amount">1,234\.56<\/span> USD/);
    expect(home.text).toMatch(/<span class="amount">980\.00<\/span> EUR/);
    // Organisations in different zones sit side by side: each time says which zone it is in.
    await t.db
      .updateTable('organisation')
      .set({ last_sync_at: new Date('2026-12-04T16:56:00Z') })
      .where('id', '=', mine.org.id)
      .execute();
    expect((await browser.get('/')).text).toContain('2026-12-04 11:56 EST');

    const org = await browser.get(`/orgs/${mine.org.id}`);
    expect(org.status).toBe(200);
    expect(org.text).toContain('INV-1');
    expect(org.text).toContain('INV-2');
    expect(org.text).not.toContain('INV-3'); // not due yet
    expect(org.text).toContain('Æbelø Design ApS');
  });

  it('lands a single-organisation business straight in its organisation', async () => {
    const solo = await seedWorkspace(t.db, 'solo@example.com', 'business');
    const soloBrowser = await signedIn(server.url, 'solo@example.com');
    const home = await soloBrowser.get('/');
    expect([home.status, home.location]).toEqual([303, `/orgs/${solo.org.id}`]);
  });

  it('shows the oldest 25 touchpoints waiting for approval, and how many wait in all', async () => {
    const backlog = await seedWorkspace(t.db, 'backlog@example.com', 'business');
    const backlogBrowser = await signedIn(server.url, 'backlog@example.com');
    const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}`;
    await t.db
      .insertInto('touchpoint')
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          organisation_id: backlog.org.id,
          customer_id: backlog.customer.id,
          step: 1,
          local_date: day(i + 1),
          planned_at: `${day(i + 1)}T14:00:00Z`,
          created_at: `${day(i + 1)}T06:00:00Z`,
          status: 'awaiting_approval',
          tone: 'professional',
          language: 'en',
          channels: ['email'],
          detail: `waiting since ${day(i + 1)}`,
        })),
      )
      .execute();
    const page = (await backlogBrowser.get(`/orgs/${backlog.org.id}`)).text;
    const section = page.slice(page.indexOf('id="approvals"'), page.indexOf('id="calls"'));
    expect(section.match(/<article class="approval">/g)).toHaveLength(25);
    expect(section).toContain('The oldest 25 of 30 waiting; approving or skipping brings up the next.');
    const shown = await t.db
      .selectFrom('touchpoint')
      .select('id')
      .where('organisation_id', '=', backlog.org.id)
      .orderBy('created_at')
      .execute();
    expect(section).toContain(`/touchpoints/${shown[24]!.id}/approve`);
    expect(section).not.toContain(`/touchpoints/${shown[25]!.id}/approve`);
  });

  it('says an invoice overdue at connect is held only while the settings leave the backlog out', async () => {
    const owner = await seedWorkspace(t.db, 'held@example.com', 'business');
    const ownerBrowser = await signedIn(server.url, 'held@example.com');
    await t.db
      .updateTable('invoice')
      .set({ overdue_at_connect: true, enrolled: false })
      .where('organisation_id', '=', owner.org.id)
      .where('number', '=', 'INV-1')
      .execute();
    const inv1Row = async () => {
      const page = (await ownerBrowser.get(`/orgs/${owner.org.id}`)).text;
      return page.slice(page.indexOf('INV-1'), page.indexOf('</tr>', page.indexOf('INV-1')));
    };
    expect(await inv1Row()).toContain('backlog (not brought in)');
    const [org] = await t.db.selectFrom('organisation').selectAll().where('id', '=', owner.org.id).execute();
    const settings = (await loadSettings(t.db, [org!])).get(owner.org.id)!;
    await saveSettings(
      t.db,
      owner.org.id,
      { ...settings, backlogPolicy: 'include_backlog' },
      null,
      new Date(),
    );
    expect(await inv1Row()).not.toContain('backlog');
    // An invoice the books give no customer cannot be chased: said so.
    await t.db
      .updateTable('invoice')
      .set({ customer_id: null })
      .where('organisation_id', '=', owner.org.id)
      .where('number', '=', 'INV-1')
      .execute();
    expect(await inv1Row()).toContain('no customer in the books');
  });

  it('lists recent touchpoints with their deliveries and notes in words, a call step’s two notes counted once', async () => {
    const owner = await seedWorkspace(t.db, 'recent@example.com', 'business');
    const ownerBrowser = await signedIn(server.url, 'recent@example.com');
    const invoice = await t.db
      .selectFrom('invoice')
      .select('id')
      .where('organisation_id', '=', owner.org.id)
      .where('number', '=', 'INV-1')
      .executeTakeFirstOrThrow();
    const touchpoint = await t.db
      .insertInto('touchpoint')
      .values({
        organisation_id: owner.org.id,
        customer_id: owner.customer.id,
        step: 2,
        local_date: '2026-11-26',
        planned_at: '2026-11-26T14:00:00Z',
        status: 'sent',
        tone: 'curious',
        language: 'en',
        channels: ['call'],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const delivery = await t.db
      .insertInto('delivery')
      .values({
        organisation_id: owner.org.id,
        touchpoint_id: touchpoint.id,
        channel: 'call',
        recipient: '+12125550142',
        status: 'answered_machine',
        status_history: JSON.stringify([]),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // An open call task snapshots its invoices with the database's four decimals.
    const snapshot = [
      {
        invoiceId: invoice.id,
        number: 'INV-1',
        amountDue: '1234.5600',
        currency: 'USD',
        dueDate: '2026-11-12',
      },
    ];
    await sql`
      insert into call_task (organisation_id, touchpoint_id, delivery_id, customer_id, script, numbers, invoices)
      values (${owner.org.id}, ${touchpoint.id}, ${delivery.id}, ${owner.customer.id}, 'Call them.', '[]',
        ${JSON.stringify(snapshot)}::jsonb)`.execute(t.db);
    await t.db
      .insertInto('note')
      .values(
        ['step', 'outcome'].map((event) => ({
          organisation_id: owner.org.id,
          invoice_id: invoice.id,
          touchpoint_id: touchpoint.id,
          idempotency_key: `${touchpoint.id}:${event}`,
          body: `note ${event}`,
          status: 'written',
          next_attempt_at: null,
        })),
      )
      .execute();
    const page = (await ownerBrowser.get(`/orgs/${owner.org.id}`)).text;
    const recent = page.slice(page.indexOf('id="recent"'));
    expect(recent).toContain('Call → +12125550142: voicemail');
    expect(recent).toContain('INV-1: 2 × written');
    const calls = page.slice(page.indexOf('id="calls"'), page.indexOf('id="recent"'));
    expect(calls).toContain('INV-1 · 1,234.56 USD');
  });

  it('speaks French when the browser or the user asks', async () => {
    await browser.post('/locale', { locale: 'fr' }, { csrfFrom: '/' });
    const org = await browser.get(`/orgs/${mine.org.id}`);
    expect(org.text).toContain('Factures en retard');
    expect(org.text).toContain('<html lang="fr">');
    await browser.post('/locale', { locale: 'en' }, { csrfFrom: '/' });
    expect((await browser.get(`/orgs/${mine.org.id}`)).text).toContain('Overdue invoices');
  });
});

describe('access control: another workspace’s ids are 404 on every route', () => {
  const getRoutes = (orgId: string) => [
    `/orgs/${orgId}`,
    `/orgs/${orgId}/settings`,
    `/orgs/${orgId}/customers`,
    `/orgs/${orgId}/disconnect`,
    `/orgs/${orgId}/sync`,
    `/orgs/${orgId}/sync.json`,
  ];

  it('GET', async () => {
    for (const path of getRoutes(theirs.org.id)) {
      const response = await browser.get(path);
      expect([path, response.status]).toEqual([path, 404]);
    }
    for (const path of getRoutes('not-a-uuid')) expect((await browser.get(path)).status).toBe(404);
    for (const path of getRoutes(mine.org.id))
      expect([path, (await browser.get(path)).status]).toEqual([path, 200]);
  });

  it('POST, and nothing changes', async () => {
    const other = theirs.org.id;
    const posts: [string, Record<string, string>][] = [
      [`/orgs/${other}/settings`, { action: 'save', minGapDays: '6' }],
      [`/orgs/${other}/settings/preview`, {}],
      [
        `/orgs/${other}/customers/${theirs.customer.id}`,
        { pausedUntil: '2027-01-01', language: 'fr', override: '' },
      ],
      [
        `/orgs/${mine.org.id}/customers/${theirs.customer.id}`,
        { pausedUntil: '2027-01-01', language: 'fr', override: '' },
      ],
      [`/orgs/${other}/sync`, {}],
      [`/orgs/${other}/touchpoints/${theirs.customer.id}/approve`, {}],
      [`/orgs/${other}/call-tasks/${theirs.customer.id}`, { outcome: 'reached' }],
    ];
    for (const [path, form] of posts) {
      const response = await browser.post(path, form, { csrfFrom: '/' });
      expect([path, response.status]).toEqual([path, 404]);
    }
    const customer = await t.db
      .selectFrom('customer')
      .select(['paused_until', 'language'])
      .where('id', '=', theirs.customer.id)
      .executeTakeFirstOrThrow();
    expect(customer).toEqual({ paused_until: null, language: null });
    const saved = await t.db
      .selectFrom('organisation_settings')
      .select('organisation_id')
      .where('organisation_id', '=', other)
      .execute();
    expect(saved).toEqual([]);
  });

  it('anonymous visitors are sent to sign in', async () => {
    const { TestBrowser } = await import('../http.js');
    const anonymous = new TestBrowser(server.url);
    const response = await anonymous.get(`/orgs/${mine.org.id}`);
    expect([response.status, response.location]).toEqual([303, '/signin']);
  });
});

describe('bad input', () => {
  it('refuses an oversized post with 413 and a malformed one with 400, changing nothing', async () => {
    const page = await browser.get(`/orgs/${mine.org.id}/settings`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const cookie = `dunwise.sid=${browser.cookie('dunwise.sid')}`;
    const big = await fetch(`${server.url}/orgs/${mine.org.id}/settings`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: `_csrf=${encodeURIComponent(csrf)}&senderName=${'x'.repeat(200_000)}`,
    });
    expect(big.status).toBe(413);
    const malformed = await fetch(`${server.url}/orgs/${mine.org.id}/settings`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: `_csrf=${encodeURIComponent(csrf)}&senderName=%E0%A4%A`,
    });
    expect(malformed.status).toBe(400);
    const saved = await t.db
      .selectFrom('organisation_settings')
      .select('organisation_id')
      .where('organisation_id', '=', mine.org.id)
      .execute();
    expect(saved).toEqual([]);
  });

  it('shows a friendly 404 for unknown pages', async () => {
    const response = await browser.get('/no/such/page');
    expect(response.status).toBe(404);
    expect(response.text).toContain('Page not found');
  });
});
