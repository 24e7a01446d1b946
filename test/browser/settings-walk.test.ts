import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db.js';
import { seedWorkspace, startPages } from '../web/harness.js';
import { CHROMIUM, launchChromium, screenshots } from './chromium.js';

const t = useTestDatabase();
const shot = screenshots('seeded');

(CHROMIUM ? describe : describe.skip)('in a real browser (seeded books, no sandbox)', () => {
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let seeded: Awaited<ReturnType<typeof seedWorkspace>>;

  beforeAll(async () => {
    server = await startPages(t.db, t.pool);
    seeded = await seedWorkspace(t.db, 'walker@example.com');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in, sees the invoices, switches step 2 to a firm call task, watches the preview change, saves', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/signin`);
    await shot(page, 'signin');
    await page.fill('input[name=email]', 'walker@example.com');
    await page.fill('input[name=password]', 'a long enough password');
    await page.click('main button[type=submit]');
    await page.waitForURL(`${server.url}/`);
    await shot(page, 'portfolio');

    await page.goto(`${server.url}/orgs/${seeded.org.id}`);
    expect(await page.locator('table.invoices').textContent()).toContain('INV-1');
    await shot(page, 'organisation');

    await page.goto(`${server.url}/orgs/${seeded.org.id}/settings`);
    const preview = page.locator('#preview-1');
    expect(await preview.textContent()).toContain('Call · en');
    await page.uncheck('input[name="steps.1.channels"][value=call]');
    await page.check('input[name="steps.1.channels"][value=call_task]');
    await page.selectOption('select[name="steps.1.tone"]', 'firm');
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain('Call task · en');
    expect(await page.locator('#preview-1').textContent()).not.toContain('Call · en');
    await shot(page, 'settings');
    await page.click('#save-settings');
    await page.waitForURL(`${server.url}/orgs/${seeded.org.id}/settings`);
    expect(await page.locator('.flash').textContent()).toContain('Settings saved.');

    await page.goto(`${server.url}/orgs/${seeded.org.id}/customers`);
    await shot(page, 'customers');
    await page.goto(`${server.url}/connections`);
    await shot(page, 'connections');
  }, 120_000);
});
