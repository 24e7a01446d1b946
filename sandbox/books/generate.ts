import { COUNTRIES, COUNTRY_CURRENCY } from './catalog.js';
import { dayStartMs, toDayNumber } from './calendar.js';
import { generateInvoices } from './generate-invoices.js';
import { emptyIndex, indexCompany } from './index-company.js';
import {
  INVALID_PHONES,
  NOTABLE_BUSINESSES,
  makeEmail,
  makeLandline,
  makeMobile,
  makePerson,
  pickDomain,
} from './people.js';
import { createRandom, randomGuid, type Random } from './random.js';
import type { Company, Customer, SandboxProvider } from './types.js';

export interface GenerateCompanyOptions {
  /** QuickBooks realmId or Xero tenantId. */
  id: string;
  provider: SandboxProvider;
  name: string;
  country: string;
  currency: string;
  timeZone: string;
  seed: number;
  /** Number of invoices, 20 to 1,000,000. */
  invoices: number;
  /** 'YYYY-MM-DD': the day the books are "as of"; every generated timestamp is before its midnight UTC. */
  asOf: string;
  shortCode?: string;
}

/** Issues ids the way the provider does: QuickBooks small integers, Xero GUIDs. */
export type IdSource = () => string;

/**
 * Generates a realistic, internally consistent company deterministically from `seed`: customers (about one per
 * five invoices, some with non-ASCII names, missing emails, landlines only or invalid numbers), invoices with
 * terms and several lines, payments (partial, full, multi-invoice, deleted, overpaid), credit notes and voids.
 * Every open invoice satisfies amountDue = total − live payments − credits applied (see `checkBooks`).
 */
export function generateCompany(options: GenerateCompanyOptions): Company {
  if (!Number.isInteger(options.invoices) || options.invoices < 1 || options.invoices > 1_000_000) {
    throw new Error(`invoices must be an integer from 1 to 1,000,000, got ${options.invoices}`);
  }
  const random = createRandom(options.seed);
  const asOfDay = toDayNumber(options.asOf);
  let serial = 1;
  const nextId: IdSource =
    options.provider === 'quickbooks' ? () => String(serial++) : () => randomGuid(random);
  const company: Company = {
    id: options.id,
    provider: options.provider,
    name: options.name,
    country: options.country,
    currency: options.currency,
    timeZone: options.timeZone,
    shortCode: options.shortCode ?? shortCodeFor(random),
    createdAt: dayStartMs(asOfDay - 1200),
    customers: [],
    invoices: [],
    payments: [],
    creditNotes: [],
    nextId: 0,
    index: emptyIndex(),
  };
  const customerCount = Math.max(3, Math.ceil(options.invoices / 5));
  for (let i = 0; i < customerCount; i++) {
    company.customers.push(makeCustomer(random, nextId, company, i, asOfDay));
  }
  generateInvoices({ random, nextId, company, asOfDay, count: options.invoices });
  // Xero GUIDs are random; QuickBooks ids continue after the generated ones.
  company.nextId =
    options.provider === 'quickbooks' ? serial : company.customers.length + options.invoices + 1;
  return indexCompany(company);
}

function shortCodeFor(random: Random): string {
  return `!${random
    .int(36 ** 5)
    .toString(36)
    .padStart(5, '0')}`;
}

function makeCustomer(
  random: Random,
  nextId: IdSource,
  company: Company,
  i: number,
  asOfDay: number,
): Customer {
  const home = company.country;
  const country = random.chance(0.75) ? home : random.pick(COUNTRIES);
  const homeCurrency = company.currency;
  const ownCurrency = COUNTRY_CURRENCY[country] ?? homeCurrency;
  const currency = country !== home && random.chance(0.5) ? ownCurrency : homeCurrency;
  const serial = i + 1;
  const notable = NOTABLE_BUSINESSES[i];
  const person = notable
    ? { displayName: notable, contactName: random.chance(0.5) ? notable.split(' ')[0]! : null }
    : makePerson(random, country, serial);
  const email = random.chance(0.9)
    ? makeEmail(person.contactName ?? person.displayName, serial, pickDomain(random))
    : null;
  const phoneRoll = random.int(100);
  // 60% mobile (+ some also a landline), 15% landline only, 3% garbage, the rest no phone at all.
  const mobile =
    phoneRoll < 60 ? makeMobile(random, country) : phoneRoll < 63 ? random.pick(INVALID_PHONES) : null;
  const landline =
    (phoneRoll >= 63 && phoneRoll < 78) || (phoneRoll < 60 && random.chance(0.3))
      ? makeLandline(random, country)
      : null;
  const createdAt = dayStartMs(asOfDay - 900 + random.int(200)) + random.int(86_400_000);
  return {
    id: nextId(),
    displayName: person.displayName,
    contactName: person.contactName,
    email,
    mobile,
    landline,
    country,
    currency,
    active: true,
    createdAt,
    updatedAt: createdAt,
    version: 0,
  };
}
