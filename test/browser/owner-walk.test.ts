import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANIES } from '../../sandbox/demo.js';
import { useTestDatabase } from '../db.js';
import { startAppWithSandbox, type AppWithSandbox } from './app-with-sandbox.js';
import { CHROMIUM, launchChromium, screenshots } from './chromium.js';

/**
 * A new business owner, end to end in a real browser against the real app and the QuickBooks sandbox: sign up,
 * connect QuickBooks through the sandbox's consent page, see the synced invoices, make the day-14 step a firm
 * call task, watch the preview follow and save. Nothing is put in the database behind the browser's back.
 */
const t = useTestDatabase();
const shot = screenshots('owner');

(CHROMIUM ? describe : describe.skip)('a new business owner, through the QuickBooks sandbox', () => {
  let app: AppWithSandbox;
  let browser: Browser;

  beforeAll(async () => {
    app = await startAppWithSandbox(t.url);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('signs up, connects QuickBooks, sees the invoices, makes day 14 a firm call task and saves it', async () => {
    const company = app.sandbox.world.company(DEMO_COMPANIES.quickbooks.id)!;
    // A scripted demo invoice: Patel Dental's, 29 days overdue, for 450.00 + 29 × 10.00 = 740.00 USD.
    const patel = company.customers.find((c) => c.displayName === 'Patel Dental')!;
    const invoice = company.invoices.find((i) => i.customerId === patel.id)!;
    expect(invoice.amountDueCents).toBe(74_000);

    const page = await browser.newPage();
    await page.goto(`${app.url}/signup`);
    await shot(page, '01-signup');
    await page.fill('input[name=name]', 'Hemi Walker');
    await page.fill('input[name=email]', 'owner@harbour.example');
    await page.fill('input[name=password]', 'a long enough password');
    await page.check('input[name=kind][value=business]');
    await page.click('main button[type=submit]');
    await page.waitForURL(`${app.url}/`);
    expect(await page.locator('main').textContent()).toContain('No books connected yet.');
    await shot(page, '02-empty-home');

    await page.click('header nav a[href="/connections"]');
    await page.waitForURL(`${app.url}/connections`);
    await shot(page, '03-connections');
    await page.click('a.connect-quickbooks:text("Connect to QuickBooks")');

    await page.waitForURL(`${app.sandbox.url}/intuit/connect/oauth2**`);
    expect(await page.locator('h1').textContent()).toContain('to QuickBooks');
    await page.check(`input[name=realmId][value="${DEMO_COMPANIES.quickbooks.id}"]`);
    await shot(page, '04-quickbooks-consent');
    await page.click('button[name=decision][value=allow]');

    await page.waitForURL(new RegExp(`^${app.url}/orgs/[0-9a-f-]{36}$`));
    const orgUrl = page.url();
    expect(await page.locator('h1').textContent()).toContain(DEMO_COMPANIES.quickbooks.name);
    await shot(page, '05-organisation-connected');
    // The first sync runs in the background after the consent: follow it on the progress page (its script polls
    // sync.json and marks the box done), then go back to the invoices.
    await page.click('nav.tabs a[href$="/sync"]');
    await page.waitForURL(`${orgUrl}/sync`);
    await page.locator('#sync-progress[data-done]').waitFor({ timeout: 60_000 });
    expect(await page.getAttribute('#sync-progress', 'data-done')).toBe('succeeded');
    expect(await page.textContent('#sync-status')).toMatch(/^Synced · \d+ records fetched$/);
    await shot(page, '06-sync-progress');
    await page.click(`nav.tabs a[href="${new URL(orgUrl).pathname}"]`);
    await page.waitForURL(orgUrl);
    const row = page.locator('table.invoices tbody tr', { hasText: invoice.number });
    expect(await row.textContent()).toContain('Patel Dental');
    expect(await row.locator('td.num').first().textContent()).toBe('740.00 USD');
    await shot(page, '07-organisation-invoices');

    await page.click('nav.tabs a[href$="/settings"]');
    await page.waitForURL(`${orgUrl}/settings`);
    expect(await page.inputValue('input[name="steps.1.dayOffset"]')).toBe('14');
    const preview = page.locator('#preview-1');
    const firmCallTask = 'Purpose: agree when the balance will be paid.';
    expect(await preview.textContent()).not.toContain(firmCallTask);
    await shot(page, '08-settings');
    await page.uncheck('input[name="steps.1.channels"][value=call]');
    await page.check('input[name="steps.1.channels"][value=call_task]');
    await page.selectOption('select[name="steps.1.tone"]', 'firm');
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain(firmCallTask);
    expect(await preview.locator('figcaption').allTextContents()).not.toContain('Call · en');
    await shot(page, '09-settings-preview');
    await page.click('#save-settings');
    await page.waitForURL(`${orgUrl}/settings`);
    expect(await page.locator('.flash').textContent()).toContain('Settings saved.');
    await shot(page, '10-settings-saved');

    await page.reload();
    expect(await page.isChecked('input[name="steps.1.channels"][value=call_task]')).toBe(true);
    expect(await page.isChecked('input[name="steps.1.channels"][value=call]')).toBe(false);
    expect(await page.inputValue('select[name="steps.1.tone"]')).toBe('firm');
    expect(await page.locator('#preview-1').textContent()).toContain(firmCallTask);
  }, 120_000);
});
