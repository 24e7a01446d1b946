import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db.js';
import type { TestBrowser } from '../http.js';
import { buildConnection, buildOrganisation } from '../factories.js';
import { seedWorkspace, signedIn, startPages } from './harness.js';

/**
 * The sync progress page's script replaces the status line with what sync.json says: that text must be the
 * page's words in the page's language ("Synced · 3 records fetched"), not the run's status code.
 */
const t = useTestDatabase();
let server: { url: string; close: () => Promise<void> };
let browser: TestBrowser;
let orgId = '';
let workspaceId = '';

beforeAll(async () => {
  server = await startPages(t.db, t.pool);
  const { org, user } = await seedWorkspace(t.db, 'progress@example.com');
  orgId = org.id;
  workspaceId = user.workspaceId;
  browser = await signedIn(server.url, 'progress@example.com');
});
afterAll(() => server.close());

const progress = async () =>
  JSON.parse((await browser.get(`/orgs/${orgId}/sync.json`)).text) as {
    sync: { status: string; label: string } | null;
  };

describe('sync progress (sync.json)', () => {
  it('has no label before any sync', async () => {
    expect((await progress()).sync).toBeNull();
  });

  it('labels a run in the page language, as the server-rendered page does', async () => {
    await t.db
      .insertInto('sync_run')
      .values({
        organisation_id: orgId,
        kind: 'full',
        status: 'succeeded',
        started_at: new Date('2026-12-03T14:00:00Z'),
        finished_at: new Date('2026-12-03T14:00:05Z'),
        counts: JSON.stringify({ invoices: 2, customers: 1 }),
      })
      .execute();
    expect((await progress()).sync).toMatchObject({
      status: 'succeeded',
      label: 'Synced · 3 records fetched',
    });
    const page = await browser.get(`/orgs/${orgId}/sync`);
    expect(page.text).toContain('Synced · 3 records fetched');

    await browser.post('/locale', { locale: 'fr' }, { csrfFrom: '/' });
    expect((await progress()).sync?.label).toBe('Synchronisé · 3 enregistrements lus');
  });
});

describe('sync history', () => {
  it('lists the latest runs with their kind, duration, API calls, records, and the problem of a partial one', async () => {
    await browser.post('/locale', { locale: 'en' }, { csrfFrom: '/' });
    await t.db
      .insertInto('sync_run')
      .values({
        organisation_id: orgId,
        kind: 'incremental',
        status: 'partial',
        started_at: new Date('2026-12-03T15:00:00Z'),
        finished_at: new Date('2026-12-03T15:00:02.5Z'),
        counts: JSON.stringify({ invoices: 4, skipped: 1 }),
        api_calls: 7,
        error: 'invoice 1042 skipped: no DueDate',
      })
      .execute();
    const page = (await browser.get(`/orgs/${orgId}/sync`)).text;
    const history = page.slice(page.indexOf('id="sync-history"'));
    const rows = [...history.matchAll(/<tr class="sync-run[\s\S]*?<\/tr>/g)].map((m) =>
      m[0]
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    expect(rows).toEqual([
      '2026-12-03 10:00 hourly changes Partly synced invoice 1042 skipped: no DueDate 2.5 7 5',
      '2026-12-03 09:00 full Synced 5 0 3',
    ]);
  });
});

describe('an organisation before its first sync', () => {
  it('says its invoices come with the first sync and links to its progress, not "No overdue invoices"', async () => {
    const fresh = await buildOrganisation(t.db, { workspaceId, name: 'Just Connected Ltd' });
    await browser.post('/locale', { locale: 'en' }, { csrfFrom: '/' });
    const before = await browser.get(`/orgs/${fresh.id}`);
    expect(before.text).toContain('Not synced yet: the overdue invoices appear here after the first sync.');
    expect(before.text).toContain(`<a href="/orgs/${fresh.id}/sync">Sync progress</a>`);
    expect(before.text).not.toContain('No overdue invoices.');

    await t.db
      .updateTable('organisation')
      .set({ last_sync_at: new Date('2026-12-03T14:00:05Z') })
      .where('id', '=', fresh.id)
      .execute();
    const after = await browser.get(`/orgs/${fresh.id}`);
    expect(after.text).toContain('No overdue invoices. Nice.');
    expect(after.text).not.toContain('Not synced yet');
  });
});

describe('connections page', () => {
  it("warns a month before a grant ends of old age, with the date in the organisation's zone and a reconnect link", async () => {
    await browser.post('/locale', { locale: 'en' }, { csrfFrom: '/' });
    const connection = await buildConnection(t.db, { workspaceId, provider: 'quickbooks' });
    await t.db
      .updateTable('connection')
      .set({ refresh_token_expires_at: new Date('2026-12-20T03:00:00Z') }) // 19 Dec in New York
      .where('id', '=', connection.id)
      .execute();
    await t.db
      .updateTable('organisation')
      .set({ connection_id: connection.id })
      .where('id', '=', orgId)
      .execute();
    const page = (await browser.get('/connections')).text;
    expect(page).toContain('Access ends on 2026-12-19: reconnect before then to keep syncing.');
    expect(page).toContain('<a href="/connect/quickbooks">Reconnect</a>');
  });

  it('offers to revoke a Xero login for all its organisations on one of their disconnect pages', async () => {
    const connection = await buildConnection(t.db, { workspaceId, provider: 'xero' });
    const [a] = await Promise.all(
      ['Aroha Ltd', 'Bellbird Ltd'].map((name, i) =>
        buildOrganisation(t.db, {
          workspaceId,
          connectionId: connection.id,
          provider: 'xero',
          name,
          externalId: `tenant-${i}`,
        }),
      ),
    );
    const page = (await browser.get(`/orgs/${a!.id}/disconnect`)).text;
    expect(page).toContain('The same Xero login also connects: Bellbird Ltd.');
    expect(page).toContain('<input type="hidden" name="scope" value="grant">');
  });
});
