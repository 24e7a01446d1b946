import { describe, expect, it } from 'vitest';
import { checkBooks } from './check-books.js';
import { generateCompany, type GenerateCompanyOptions } from './generate.js';

const base: GenerateCompanyOptions = {
  id: '9130357766',
  provider: 'quickbooks',
  name: 'Test Co',
  country: 'US',
  currency: 'USD',
  timeZone: 'America/New_York',
  seed: 42,
  invoices: 10_000,
  asOf: '2026-06-15',
};

describe('generateCompany', () => {
  const qbo = generateCompany(base);
  const xero = generateCompany({
    ...base,
    id: 'c0ffee00-0000-4000-8000-000000000001',
    provider: 'xero',
    country: 'NZ',
    currency: 'NZD',
    timeZone: 'Pacific/Auckland',
  });

  it('is deterministic: the same seed gives the same book', () => {
    const again = generateCompany(base);
    expect(again.invoices).toEqual(qbo.invoices);
    expect(again.payments).toEqual(qbo.payments);
    expect(again.customers).toEqual(qbo.customers);
    expect(again.creditNotes).toEqual(qbo.creditNotes);
  });

  it('gives a different book for a different seed', () => {
    const other = generateCompany({ ...base, seed: 43, invoices: 50 });
    const same = generateCompany({ ...base, invoices: 50 });
    expect(other.invoices.map((i) => i.totalCents)).not.toEqual(same.invoices.map((i) => i.totalCents));
  });

  it.each([
    ['quickbooks', qbo],
    ['xero', xero],
  ])('keeps %s books consistent: amountDue = total − payments − credits', (_name, company) => {
    expect(company.invoices).toHaveLength(10_000);
    expect(checkBooks(company)).toEqual([]);
  });

  it('uses the provider id shapes', () => {
    expect(qbo.invoices[0]!.id).toMatch(/^\d+$/);
    expect(qbo.invoices[0]!.number).toBe('1001');
    expect(xero.invoices[0]!.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(xero.invoices[0]!.number).toBe('INV-0001');
    expect(new Set(xero.invoices.map((i) => i.id)).size).toBe(10_000);
  });

  it('has about one customer per five invoices, with the awkward cases a real book has', () => {
    const customers = qbo.customers;
    expect(customers).toHaveLength(2_000);
    expect(customers.map((c) => c.displayName)).toEqual(
      expect.arrayContaining(['Zoë Æbelø', 'Müller GmbH', 'Ōtautahi Plumbing', 'Société Générale de Café']),
    );
    expect(new Set(customers.map((c) => c.displayName)).size).toBe(customers.length);
    expect(customers.some((c) => c.email === null)).toBe(true);
    expect(customers.some((c) => c.landline && !c.mobile)).toBe(true);
    expect(customers.some((c) => c.mobile && !c.mobile.startsWith('+'))).toBe(true);
    const prefixes = new Set(
      customers
        .flatMap((c) => [c.mobile, c.landline])
        .filter((p) => p?.startsWith('+'))
        .map((p) => p!.slice(0, 3)),
    );
    for (const prefix of ['+1', '+44', '+64', '+61', '+33'])
      expect([...prefixes].some((p) => p.startsWith(prefix))).toBe(true);
  });

  it('has every kind of invoice and payment outcome', () => {
    const statuses = new Set(qbo.invoices.map((i) => i.status));
    expect([...statuses].sort()).toEqual(['deleted', 'open', 'paid', 'voided']);
    expect(xero.invoices.some((i) => i.status === 'draft')).toBe(true);
    expect(qbo.invoices.some((i) => i.status === 'open' && i.amountDueCents < i.totalCents)).toBe(true);
    expect(qbo.payments.some((p) => p.deleted)).toBe(true);
    expect(qbo.payments.some((p) => p.applications.length > 1)).toBe(true);
    expect(qbo.payments.some((p) => p.unappliedCents > 0)).toBe(true);
    expect(qbo.creditNotes.some((n) => n.remainingCents > 0 && n.applications.length === 0)).toBe(true);
    expect(qbo.creditNotes.some((n) => n.remainingCents === 0)).toBe(true);
    expect(new Set(qbo.invoices.map((i) => i.terms))).toEqual(
      new Set(['Net 15', 'Net 30', 'Net 60', 'Due on receipt']),
    );
    const currencies = new Set(qbo.invoices.map((i) => i.currency));
    expect(currencies.size).toBeGreaterThan(2);
    expect(qbo.invoices.filter((i) => i.currency === 'USD').length).toBeGreaterThan(7_000);
    expect(qbo.invoices.find((i) => i.currency === 'GBP')?.exchangeRate).toBe('1.270000');
  });

  it('puts every date and timestamp before asOf, spread over the past', () => {
    const asOfMs = Date.UTC(2026, 5, 15);
    for (const i of qbo.invoices) {
      expect(i.issueDate < '2026-06-15').toBe(true);
      expect(i.updatedAt).toBeLessThan(asOfMs);
      expect(i.createdAt).toBeLessThanOrEqual(i.updatedAt);
    }
    for (const p of qbo.payments) expect(p.date < '2026-06-15').toBe(true);
    expect(qbo.invoices[0]!.issueDate).toBe('2024-06-15');
    expect(qbo.invoices.some((i) => i.dueDate > '2026-06-15')).toBe(true);
  });

  it('refuses sizes outside 1…1,000,000', () => {
    expect(() => generateCompany({ ...base, invoices: 0 })).toThrow(/1,000,000/);
    expect(() => generateCompany({ ...base, invoices: 1_000_001 })).toThrow(/1,000,000/);
  });
});
