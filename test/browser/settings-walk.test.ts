import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db.js';
import { seedWorkspace, startPages } from '../web/harness.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const SHOTS = path.resolve('test-artifacts/screenshots');
if (!CHROMIUM) console.warn('test/browser: no Chromium at /usr/bin/chromium — browser tests skipped');

const t = useTestDatabase();

(CHROMIUM ? describe : describe.skip)('in a real browser (seeded books, no sandbox)', () => {
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let seeded: Awaited<ReturnType<typeof seedWorkspace>>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startPages(t.db, t.pool);
    seeded = await seedWorkspace(t.db, 'walker@example.com');
    browser = await chromium.launch({
      executablePath: CHROMIUM!,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in, sees the invoices, switches step 2 to a firm call task, watches the preview change, saves', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/signin`);
    await page.screenshot({ path: path.join(SHOTS, 'signin.png'), fullPage: true });
    await page.fill('input[name=email]', 'walker@example.com');
    await page.fill('input[name=password]', 'a long enough password');
    await page.click('main button[type=submit]');
    await page.waitForURL(`${server.url}/`);
    await page.screenshot({ path: path.join(SHOTS, 'portfolio.png'), fullPage: true });

    await page.goto(`${server.url}/orgs/${seeded.org.id}`);
    expect(await page.locator('table.invoices').textContent()).toContain('INV-1');
    await page.screenshot({ path: path.join(SHOTS, 'organisation.png'), fullPage: true });

    await page.goto(`${server.url}/orgs/${seeded.org.id}/settings`);
    const preview = page.locator('#preview-1');
    expect(await preview.textContent()).toContain('call · en');
    await page.uncheck('input[name="steps.1.channels"][value=call]');
    await page.check('input[name="steps.1.channels"][value=call_task]');
    await page.selectOption('select[name="steps.1.tone"]', 'firm');
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain('call_task · en');
    expect(await page.locator('#preview-1').textContent()).not.toContain('call · en');
    await page.screenshot({ path: path.join(SHOTS, 'settings.png'), fullPage: true });
    await page.click('#save-settings');
    await page.waitForURL(`${server.url}/orgs/${seeded.org.id}/settings`);
    expect(await page.locator('.flash').textContent()).toContain('Settings saved.');

    await page.goto(`${server.url}/orgs/${seeded.org.id}/customers`);
    await page.screenshot({ path: path.join(SHOTS, 'customers.png'), fullPage: true });
    await page.goto(`${server.url}/connections`);
    await page.screenshot({ path: path.join(SHOTS, 'connections.png'), fullPage: true });
  }, 120_000);
});
