import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../server/i18n/en.js';
import { fr } from '../../server/i18n/fr.js';
import { useTestDatabase } from '../db.js';
import type { TestBrowser } from '../http.js';
import { NOW, seedWorkspace, signedIn, startPages } from './harness.js';

const t = useTestDatabase();
let server: { url: string; close: () => Promise<void> };
let seeded: Awaited<ReturnType<typeof seedWorkspace>>;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startPages(t.db, t.pool);
  seeded = await seedWorkspace(t.db, 'owner@example.com');
  browser = await signedIn(server.url, 'owner@example.com');
  const picked = await browser.post('/locale', { locale: 'fr' }, { csrfFrom: '/' });
  expect(picked.status).toBe(303);
});
afterAll(() => server.close());

describe('flash messages', () => {
  it('are shown in the reader’s language (French)', async () => {
    const customers = `/orgs/${seeded.org.id}/customers`;
    const saved = await browser.post(
      `${customers}/${seeded.customer.id}`,
      { pausedUntil: '', language: '', override: '' },
      { csrfFrom: customers },
    );
    expect(saved.status).toBe(303);
    expect((await browser.get(customers)).text).toContain('Client mis à jour.');
    // Shown once.
    expect((await browser.get(customers)).text).not.toContain('Client mis à jour.');
  });

  it('translate the organisation page’s answers too (a message already sent cannot be skipped)', async () => {
    const touchpoint = await t.db
      .insertInto('touchpoint')
      .values({
        organisation_id: seeded.org.id,
        customer_id: seeded.customer.id,
        step: 1,
        local_date: '2026-12-01',
        planned_at: NOW,
        status: 'sent',
        tone: 'friendly',
        language: 'en',
        channels: ['email'],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const org = `/orgs/${seeded.org.id}`;
    const skipped = await browser.post(`${org}/touchpoints/${touchpoint.id}/skip`, {}, { csrfFrom: org });
    expect(skipped.status).toBe(303);
    const page = await browser.get(org);
    expect(page.text).toContain('Ce message a déjà été traité.');
    expect(page.text).not.toContain('That message was already handled.');
  });

  it('set anywhere in the routes are message keys present in both catalogs', () => {
    const dirs = ['server/routes', 'connectors/quickbooks', 'connectors/xero'];
    const keys = new Set<string>();
    for (const dir of dirs) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
        const source = readFileSync(`${dir}/${file}`, 'utf8');
        for (const match of source.matchAll(/session\.flash\s*=([^;]+);/g)) {
          for (const literal of match[1]!.matchAll(/'([^']*)'|"([^"]*)"|`([^`]*)`/g)) {
            const text = literal[1] ?? literal[2] ?? literal[3] ?? '';
            // A sentence would be shown untranslated; `decision === 'approve'` and the like are not messages.
            expect(text, `${dir}/${file}`).not.toMatch(/\s/);
            if (text.includes('.')) keys.add(text);
          }
        }
      }
    }
    expect(keys.size).toBeGreaterThan(10);
    for (const key of keys) {
      expect(key in en, `${key} in en`).toBe(true);
      expect(key in fr, `${key} in fr`).toBe(true);
    }
  });
});
