import { buildCreditNote, buildCustomer, buildInvoice, buildPayment, type NewCustomer } from './build.js';
import { addDays, dayStartMs, toDayNumber } from './calendar.js';
import { generateCompany } from './generate.js';
import type { Company } from './types.js';

/** Fixed ids so that the demo, the end-to-end tests and the docs can name the demo companies. */
export const DEMO_COMPANIES = {
  quickbooks: { id: '9341455130166501', name: 'Harbour Plumbing Co.' },
  xeroNz: { id: '6f1c2a9e-3b7d-4c15-9a0e-2d8b5f4e7a11', name: 'Ōtautahi Joinery Ltd' },
  xeroGb: { id: 'b2e4d6f8-1a3c-4e5f-8b7a-9c0d1e2f3a45', name: 'Camden Print Co Ltd' },
} as const;

interface DemoPhones {
  mobiles: [string, string, string, string, string, string, string, string];
  landline: string;
}

/** Fictional-range numbers that libphonenumber-js accepts, per country. */
const PHONES: Record<'US' | 'NZ' | 'GB', DemoPhones> = {
  US: {
    mobiles: [
      '+12125550101',
      '+12125550102',
      '+14155550103',
      '+14155550104',
      '+16465550105',
      '+16465550106',
      '+16175550107',
      '+16175550108',
    ],
    landline: '+13125550199',
  },
  NZ: {
    mobiles: [
      '+64215550101',
      '+64215550102',
      '+64215550103',
      '+64215550104',
      '+64215550105',
      '+64215550106',
      '+64215550107',
      '+64215550108',
    ],
    landline: '+6493001234',
  },
  GB: {
    mobiles: [
      '+447911123401',
      '+447911123402',
      '+447911123403',
      '+447911123404',
      '+447911123405',
      '+447911123406',
      '+447911123407',
      '+447911123408',
    ],
    landline: '+442079460123',
  },
};

/**
 * The demo books: one QuickBooks company (US) and two Xero organisations (NZ, GB). Each has ~24 generated
 * invoices plus a scripted set that exercises every step of the 7-day cadence on `asOf` (a calendar date in the
 * companies' own zones): invoices due 8, 15, 22, 29 and 36 days before, a customer with three overdue invoices,
 * a partial payment, unapplied credit, no email, a landline only, an address that bounces, paid, voided and
 * not-yet-due invoices.
 */
export function generateDemoBooks(asOf: string): Company[] {
  return [
    demoCompany(asOf, 'quickbooks', DEMO_COMPANIES.quickbooks, 'US', 'USD', 'America/New_York', 11),
    demoCompany(asOf, 'xero', DEMO_COMPANIES.xeroNz, 'NZ', 'NZD', 'Pacific/Auckland', 22),
    demoCompany(asOf, 'xero', DEMO_COMPANIES.xeroGb, 'GB', 'GBP', 'Europe/London', 33),
  ];
}

function demoCompany(
  asOf: string,
  provider: Company['provider'],
  identity: { id: string; name: string },
  country: 'US' | 'NZ' | 'GB',
  currency: string,
  timeZone: string,
  seed: number,
): Company {
  const company = generateCompany({
    ...identity,
    provider,
    country,
    currency,
    timeZone,
    seed,
    invoices: 24,
    asOf,
  });
  addScenarios(company, asOf, PHONES[country]);
  return company;
}

function addScenarios(company: Company, asOf: string, phones: DemoPhones): void {
  // Everything scripted happened the day before asOf (UTC midnight), so it is in the past for any zone.
  const at = dayStartMs(toDayNumber(asOf) - 1);
  const domain =
    company.country === 'GB' ? 'example.co.uk' : company.country === 'NZ' ? 'example.co.nz' : 'example.com';
  const [m1, m2, m3, m4, m5, m6, m7, m8] = phones.mobiles;
  const customer = (init: NewCustomer) => buildCustomer(company, init, at - 400 * 86_400_000);
  const invoice = (
    customerId: string,
    dueDaysAgo: number,
    cents: number,
    description = 'Services rendered',
  ) =>
    buildInvoice(
      company,
      {
        customerId,
        issueDate: addDays(asOf, -dueDaysAgo - 30),
        dueDate: addDays(asOf, -dueDaysAgo),
        terms: 'Net 30',
        lines: [{ description, quantity: 1, unitAmountCents: cents }],
      },
      at - (dueDaysAgo + 30) * 86_400_000,
    );

  // One overdue invoice per cadence step.
  const steps: [number, string, string, string][] = [
    [8, 'Aroha Ngata', 'Ngata Landscaping', m1],
    [15, 'Björn Larsen', 'Larsen & Søn Joinery', m2],
    [22, 'Chloé Dubois', 'Café Dubois', m3],
    [29, 'Priya Patel', 'Patel Dental', m4],
    [36, 'Liam O’Brien', 'O’Brien Motors', m5],
  ];
  for (const [days, person, business, mobile] of steps) {
    const c = customer({
      displayName: business,
      contactName: person,
      email: `accounts@${slug(business)}.${domain}`,
      mobile,
    });
    invoice(c.id, days, 45_000 + days * 1_000, `Work completed ${days + 30} days ago`);
  }

  const three = customer({
    displayName: 'Zoë Æbelø Design',
    contactName: 'Zoë',
    email: `zoe@aebelo.${domain}`,
    mobile: m6,
  });
  invoice(three.id, 8, 12_500, 'Kitchen cabinets — deposit');
  invoice(three.id, 15, 38_000, 'Kitchen cabinets — install');
  invoice(three.id, 30, 9_900, 'Hardware');

  const partial = customer({
    displayName: 'Müller Fenster GmbH',
    contactName: 'Hana Müller',
    email: `ap@mueller.${domain}`,
    mobile: m7,
  });
  const partlyPaid = invoice(partial.id, 15, 120_000, 'Quarterly service');
  buildPayment(company, { invoiceId: partlyPaid.id, amountCents: 50_000, date: addDays(asOf, -10) }, at);

  const credit = customer({
    displayName: 'Café de la Société',
    contactName: 'Léa Martin',
    email: `compta@sgcafe.${domain}`,
    mobile: m8,
  });
  invoice(credit.id, 22, 64_000, 'Espresso machine service');
  buildCreditNote(company, { customerId: credit.id, amountCents: 15_000, date: addDays(asOf, -20) }, at);

  const noEmail = customer({
    displayName: 'Tama Parata',
    contactName: 'Tama',
    email: null,
    mobile: phones.mobiles[0],
  });
  invoice(noEmail.id, 8, 27_500, 'Fence repair');

  const landline = customer({
    displayName: 'Ōtautahi Drainlayers',
    contactName: 'Rāwiri',
    email: `office@otautahi.${domain}`,
    landline: phones.landline,
  });
  invoice(landline.id, 15, 31_000, 'Hot water cylinder');

  const bouncing = customer({
    displayName: 'Hillcrest Bakery',
    contactName: 'Grace',
    email: `bounce@hillcrest.${domain}`,
    mobile: phones.mobiles[1],
  });
  invoice(bouncing.id, 8, 8_800, 'Wedding cake');

  const settled = customer({
    displayName: 'Riverside Florist',
    contactName: 'Isla',
    email: `isla@riverside.${domain}`,
    mobile: phones.mobiles[2],
  });
  const paid = invoice(settled.id, 15, 21_000, 'Event flowers');
  buildPayment(company, { invoiceId: paid.id, date: addDays(asOf, -3) }, at);
  const voided = invoice(settled.id, 22, 5_000, 'Duplicate — voided');
  voided.status = 'voided';
  voided.amountDueCents = 0;

  for (const [days, cents] of [
    [-5, 14_000],
    [-14, 52_000],
    [-30, 7_700],
  ] as const)
    invoice(settled.id, days, cents, 'Upcoming work');
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '');
}
