import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Company } from '../../sandbox/books/types.js';
import { DEMO_COMPANIES } from '../../sandbox/demo.js';
import { useTestDatabase } from '../db.js';
import { startAppWithSandbox, type AppWithSandbox } from './app-with-sandbox.js';
import { CHROMIUM, launchChromium, screenshots } from './chromium.js';

/**
 * An accountant, end to end in a real browser against the real app and the Xero sandbox: sign up as a firm,
 * connect two Xero organisations in one consent, find both in the portfolio, and move from one organisation's
 * invoices to the other's.
 */
const t = useTestDatabase();
const shot = screenshots('accountant');

/**
 * An overdue invoice of `company` whose number no open invoice of `other` has (the demo books share their
 * customers' names, not their invoice numbers), with what its row shows: customer, and amount due with currency.
 */
function ownOverdueInvoice(company: Company, other: Company, today: string) {
  const otherNumbers = new Set(other.invoices.filter((i) => i.status === 'open').map((i) => i.number));
  const invoice = company.invoices.find(
    (i) => i.status === 'open' && i.dueDate < today && !otherNumbers.has(i.number),
  );
  if (!invoice) throw new Error(`no overdue invoice of ${company.name} that ${other.name} lacks`);
  const cents = invoice.amountDueCents;
  const units = Math.trunc(cents / 100).toLocaleString('en-US');
  return {
    number: invoice.number,
    customer: company.index.customers.get(invoice.customerId)!.displayName,
    // As the page writes it in English: thousands grouped ('21,691.49 GBP').
    amount: `${units}.${String(cents % 100).padStart(2, '0')} ${invoice.currency}`,
  };
}

/** Reloads an organisation page until its first sync has brought `text` in. */
async function untilShown(page: Page, text: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.locator('#invoices').textContent();
      },
      { timeout: 60_000, interval: 500 },
    )
    .toContain(text);
}

async function expectRow(page: Page, invoice: ReturnType<typeof ownOverdueInvoice>): Promise<void> {
  const row = page.locator('table.invoices tbody tr', { hasText: invoice.number });
  expect(await row.locator('td').nth(1).textContent()).toBe(invoice.customer);
  expect(await row.locator('td.num').first().textContent()).toBe(invoice.amount);
}

(CHROMIUM ? describe : describe.skip)(
  'an accountant with two Xero organisations, through the sandbox',
  () => {
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

    it('signs up as a firm, connects two Xero organisations, and switches between their invoices', async () => {
      const nz = app.sandbox.world.company(DEMO_COMPANIES.xeroNz.id)!;
      const gb = app.sandbox.world.company(DEMO_COMPANIES.xeroGb.id)!;
      // Two days back keeps "overdue" true in every zone whatever the hour.
      const today = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
      const nzInvoice = ownOverdueInvoice(nz, gb, today);
      const gbInvoice = ownOverdueInvoice(gb, nz, today);

      const page = await browser.newPage();
      await page.goto(`${app.url}/signup`);
      await page.fill('input[name=name]', 'Mere Accountant');
      await page.fill('input[name=email]', 'mere@ledger.example');
      await page.fill('input[name=password]', 'a long enough password');
      await page.check('input[name=kind][value=firm]');
      await shot(page, '01-signup');
      await page.click('main button[type=submit]');
      await page.waitForURL(`${app.url}/`);
      expect(await page.locator('main').textContent()).toContain('No books connected yet.');
      await shot(page, '02-empty-portfolio');

      await page.click('a.connect-xero:text("Connect to Xero")');
      await page.waitForURL(`${app.sandbox.url}/xero/identity/connect/authorize**`);
      await page.check(`input[name=tenant][value="${nz.id}"]`);
      await page.check(`input[name=tenant][value="${gb.id}"]`);
      await shot(page, '03-xero-consent');
      await page.click('button[name=decision][value=allow]');

      await page.waitForURL(`${app.url}/`);
      expect(await page.locator('.flash').textContent()).toContain('from Xero');
      const portfolio = page.locator('table.orgs');
      expect(await portfolio.locator('tr.org-row').count()).toBe(2);
      expect(await portfolio.textContent()).toContain(DEMO_COMPANIES.xeroNz.name);
      expect(await portfolio.textContent()).toContain(DEMO_COMPANIES.xeroGb.name);
      await shot(page, '04-portfolio');

      await portfolio.locator(`a:text("${DEMO_COMPANIES.xeroNz.name}")`).click();
      await page.waitForURL(/\/orgs\/[0-9a-f-]{36}$/);
      const nzUrl = page.url();
      await untilShown(page, nzInvoice.number);
      expect(await page.locator('h1').textContent()).toContain(DEMO_COMPANIES.xeroNz.name);
      await expectRow(page, nzInvoice);
      expect(await page.locator('#invoices').textContent()).not.toContain(gbInvoice.number);
      const nzPatel = page.locator('table.invoices tbody tr', { hasText: 'Patel Dental' });
      expect(await nzPatel.locator('td.num').first().textContent()).toBe('740.00 NZD');
      await shot(page, '05-organisation-nz');

      // Back to the portfolio from the organisation page, and into the other organisation.
      await page.click('header nav a[href="/?all=1"]');
      await page.waitForURL(`${app.url}/?all=1`);
      await shot(page, '06-portfolio-again');
      await page.locator(`table.orgs a:text("${DEMO_COMPANIES.xeroGb.name}")`).click();
      await page.waitForURL(/\/orgs\/[0-9a-f-]{36}$/);
      expect(page.url()).not.toBe(nzUrl);
      await untilShown(page, gbInvoice.number);
      expect(await page.locator('h1').textContent()).toContain(DEMO_COMPANIES.xeroGb.name);
      await expectRow(page, gbInvoice);
      expect(await page.locator('#invoices').textContent()).not.toContain(nzInvoice.number);
      const gbPatel = page.locator('table.invoices tbody tr', { hasText: 'Patel Dental' });
      expect(await gbPatel.locator('td.num').first().textContent()).toBe('740.00 GBP');
      await shot(page, '07-organisation-gb');
    }, 120_000);
  },
);
