import type { Company, CreditNote, Customer, Invoice, Payment } from '../../books/types.js';

/**
 * A small hand-built Xero organisation for tests, until (and independently of) the books generator. Times are
 * fixed epoch ms so assertions do not depend on the wall clock.
 */
export const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

export function customer(id: string, overrides: Partial<Customer> = {}): Customer {
  return {
    id,
    displayName: `Customer ${id}`,
    contactName: 'Aroha Ngata',
    email: `accounts+${id}@example.co.nz`,
    mobile: '+64215550123',
    landline: '+6495550199',
    country: 'NZ',
    currency: 'NZD',
    active: true,
    createdAt: T0,
    updatedAt: T0,
    version: 0,
    ...overrides,
  };
}

export function invoice(id: string, customerId: string, overrides: Partial<Invoice> = {}): Invoice {
  const totalCents = overrides.totalCents ?? 115_000;
  return {
    id,
    number: `INV-${id.padStart(4, '0')}`,
    customerId,
    currency: 'NZD',
    exchangeRate: '1',
    issueDate: '2026-10-08',
    dueDate: '2026-11-05',
    terms: 'Net 28',
    lines: [
      { description: 'Site labour', quantity: 1, unitAmountCents: totalCents, amountCents: totalCents },
    ],
    totalCents,
    amountDueCents: totalCents,
    status: 'open',
    payUrl: null,
    createdAt: T0,
    updatedAt: T0,
    version: 0,
    ...overrides,
  };
}

export function payment(id: string, customerId: string, overrides: Partial<Payment> = {}): Payment {
  return {
    id,
    customerId,
    currency: 'NZD',
    date: '2026-11-20',
    amountCents: 40_000,
    applications: [],
    unappliedCents: 0,
    deleted: false,
    createdAt: T0,
    updatedAt: T0,
    version: 0,
    ...overrides,
  };
}

export function creditNote(id: string, customerId: string, overrides: Partial<CreditNote> = {}): CreditNote {
  return {
    id,
    number: `CN-${id.padStart(4, '0')}`,
    customerId,
    currency: 'NZD',
    date: '2026-11-21',
    totalCents: 30_000,
    applications: [],
    remainingCents: 30_000,
    status: 'open',
    createdAt: T0,
    updatedAt: T0,
    version: 0,
    ...overrides,
  };
}

export function xeroCompany(
  overrides: Partial<Omit<Company, 'index'>> & { id: string; name: string },
): Company {
  const company: Company = {
    provider: 'xero',
    country: 'NZ',
    currency: 'NZD',
    timeZone: 'Pacific/Auckland',
    shortCode: '!abc12',
    createdAt: Date.UTC(2024, 0, 1),
    customers: [],
    invoices: [],
    payments: [],
    creditNotes: [],
    nextId: 1000,
    ...overrides,
    index: { customers: new Map(), invoices: new Map(), payments: new Map(), creditNotes: new Map() },
  };
  for (const c of company.customers) company.index.customers.set(c.id, c);
  for (const i of company.invoices) company.index.invoices.set(i.id, i);
  for (const p of company.payments) company.index.payments.set(p.id, p);
  for (const n of company.creditNotes) company.index.creditNotes.set(n.id, n);
  return company;
}

/**
 * Kowhai Cafe (NZ): the reference's §8 examples. Invoice 42 part-paid and not yet due, 38 overdue with a 300.00
 * credit note applied, 40 paid, 41 voided, 43 in USD; a deleted payment; an overpayment with credit left.
 */
export function kowhaiCafe(id = '3f1a7c2e-8b4d-4e6f-9a1b-2c3d4e5f6a70'): Company {
  return xeroCompany({
    id,
    name: 'Kowhai Cafe Ltd',
    shortCode: '!kWh4i',
    customers: [
      customer('1', { displayName: 'Harbour Joinery Ltd' }),
      customer('2', { displayName: 'Kōwhai Café Ltd', mobile: '021 555 0123', landline: null }),
      customer('3', { displayName: 'Old Client Ltd', active: false, email: null, mobile: null }),
    ],
    invoices: [
      invoice('42', '1', {
        issueDate: '2026-11-15',
        dueDate: '2026-12-15',
        totalCents: 115_000,
        amountDueCents: 75_000,
        lines: [
          {
            description: 'Site labour, November',
            quantity: 20,
            unitAmountCents: 5_000,
            amountCents: 100_000,
          },
        ],
        updatedAt: T0 + 60_000,
      }),
      invoice('38', '2', { totalCents: 230_000, amountDueCents: 200_000, updatedAt: T0 + 120_000 }),
      invoice('40', '1', { totalCents: 50_000, amountDueCents: 0, status: 'paid', dueDate: '2026-10-01' }),
      invoice('41', '2', {
        totalCents: 20_000,
        amountDueCents: 20_000,
        status: 'voided',
        dueDate: '2026-09-01',
      }),
      invoice('43', '1', {
        currency: 'USD',
        exchangeRate: '1.6',
        totalCents: 475_000,
        amountDueCents: 475_000,
      }),
    ],
    payments: [
      payment('p1', '1', { amountCents: 40_000, applications: [{ invoiceId: '42', amountCents: 40_000 }] }),
      payment('p2', '1', {
        amountCents: 60_000,
        applications: [{ invoiceId: '40', amountCents: 50_000 }],
        unappliedCents: 10_000,
      }),
      payment('p3', '2', {
        amountCents: 230_000,
        applications: [{ invoiceId: '38', amountCents: 230_000 }],
        deleted: true,
        updatedAt: T0 + 180_000,
      }),
    ],
    creditNotes: [
      creditNote('c1', '2', {
        totalCents: 30_000,
        remainingCents: 0,
        status: 'applied',
        applications: [{ invoiceId: '38', amountCents: 30_000 }],
      }),
      creditNote('c2', '1', { totalCents: 8_000, remainingCents: 8_000 }),
    ],
  });
}

/** A second organisation, in London, for multi-tenant tests. */
export function thamesTraders(id = '9b2e4d6f-1a3c-4b5d-8e7f-0a1b2c3d4e5f'): Company {
  return xeroCompany({
    id,
    name: 'Thames Traders Ltd',
    country: 'GB',
    currency: 'GBP',
    timeZone: 'Europe/London',
    shortCode: '!tH4m3',
    customers: [customer('1', { displayName: 'Bermondsey Bakes', country: 'GB', currency: 'GBP' })],
    invoices: [invoice('1', '1', { currency: 'GBP', dueDate: '2026-11-20' })],
  });
}
