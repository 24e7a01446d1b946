import { describe, expect, it } from 'vitest';
import { addDays } from './calendar.js';
import { checkBooks } from './check-books.js';
import { DEMO_COMPANIES, generateDemoBooks } from './demo.js';

const asOf = '2026-03-10';

describe('generateDemoBooks', () => {
  const books = generateDemoBooks(asOf);

  it('makes one QuickBooks company and two Xero organisations in their own zones and currencies', () => {
    expect(books.map((c) => [c.id, c.provider, c.country, c.currency, c.timeZone])).toEqual([
      [DEMO_COMPANIES.quickbooks.id, 'quickbooks', 'US', 'USD', 'America/New_York'],
      [DEMO_COMPANIES.xeroNz.id, 'xero', 'NZ', 'NZD', 'Pacific/Auckland'],
      [DEMO_COMPANIES.xeroGb.id, 'xero', 'GB', 'GBP', 'Europe/London'],
    ]);
  });

  it.each(books.map((c) => [c.name, c] as const))('%s covers every cadence situation', (_name, company) => {
    expect(checkBooks(company)).toEqual([]);
    expect(company.invoices.length).toBeGreaterThanOrEqual(30);
    expect(company.invoices.length).toBeLessThanOrEqual(60);
    const open = company.invoices.filter((i) => i.status === 'open');
    for (const days of [8, 15, 22, 29, 36]) {
      expect(open.some((i) => i.dueDate === addDays(asOf, -days))).toBe(true);
    }
    const byCustomer = (name: string) => company.customers.find((c) => c.displayName === name)!;
    const three = byCustomer('Zoë Æbelø Design');
    expect(
      open
        .filter((i) => i.customerId === three.id)
        .map((i) => i.dueDate)
        .sort(),
    ).toEqual([addDays(asOf, -30), addDays(asOf, -15), addDays(asOf, -8)]);
    const partial = open.find((i) => i.customerId === byCustomer('Müller Fenster GmbH').id)!;
    expect([partial.totalCents, partial.amountDueCents]).toEqual([120_000, 70_000]);
    expect(
      company.creditNotes.some(
        (n) => n.customerId === byCustomer('Café de la Société').id && n.remainingCents === 15_000,
      ),
    ).toBe(true);
    expect(byCustomer('Tama Parata').email).toBeNull();
    const landline = byCustomer('Ōtautahi Drainlayers');
    expect([landline.mobile, landline.landline?.startsWith('+')]).toEqual([null, true]);
    const florist = company.invoices.filter((i) => i.customerId === byCustomer('Riverside Florist').id);
    expect(florist.map((i) => i.status).sort()).toEqual(['open', 'open', 'open', 'paid', 'voided']);
    expect(florist.filter((i) => i.status === 'open').every((i) => i.dueDate > asOf)).toBe(true);
  });

  it('is the same every time for the same date', () => {
    expect(generateDemoBooks(asOf)).toEqual(books);
  });
});
