import { Decimal } from 'decimal.js';

/** What generated invoices sell: a description and a unit price in minor units of any currency. */
export const CATALOG: readonly { description: string; unitAmountCents: number }[] = [
  { description: 'Consulting (hours)', unitAmountCents: 15_000 },
  { description: 'Site visit', unitAmountCents: 8_500 },
  { description: 'Materials', unitAmountCents: 4_275 },
  { description: 'Monthly retainer', unitAmountCents: 120_000 },
  { description: 'Design revisions', unitAmountCents: 6_000 },
  { description: 'Copper pipe 15 mm (m)', unitAmountCents: 1_299 },
  { description: 'Café crème — catering per head', unitAmountCents: 1_850 },
  { description: 'Delivery', unitAmountCents: 2_500 },
  { description: 'Annual maintenance plan', unitAmountCents: 49_900 },
  { description: 'Emergency call-out', unitAmountCents: 19_500 },
  { description: 'Software licence (seat)', unitAmountCents: 3_999 },
  { description: 'Print run — 500 brochures', unitAmountCents: 32_000 },
];

export interface PaymentTerms {
  label: string;
  days: number;
}

export const TERMS: readonly PaymentTerms[] = [
  { label: 'Net 30', days: 30 },
  { label: 'Net 30', days: 30 },
  { label: 'Net 30', days: 30 },
  { label: 'Net 15', days: 15 },
  { label: 'Net 60', days: 60 },
  { label: 'Due on receipt', days: 0 },
];

/** Units of USD per unit of each currency: only ratios matter, to give foreign invoices a plausible rate. */
const USD_VALUE: Record<string, string> = {
  USD: '1',
  CAD: '0.73',
  GBP: '1.27',
  EUR: '1.08',
  NZD: '0.60',
  AUD: '0.66',
};

export const COUNTRY_CURRENCY: Record<string, string> = {
  US: 'USD',
  CA: 'CAD',
  GB: 'GBP',
  FR: 'EUR',
  NZ: 'NZD',
  AU: 'AUD',
};

export const COUNTRIES = Object.keys(COUNTRY_CURRENCY);

const rates = new Map<string, string>();

/** Units of `home` per 1 unit of `currency`, as a 6-decimal string ('1' for the home currency). */
export function exchangeRate(currency: string, home: string): string {
  if (currency === home) return '1';
  const key = `${currency}/${home}`;
  let rate = rates.get(key);
  if (rate === undefined) {
    const from = USD_VALUE[currency];
    const to = USD_VALUE[home];
    if (from === undefined || to === undefined) throw new Error(`No sandbox rate for ${key}`);
    rate = new Decimal(from).div(to).toFixed(6);
    rates.set(key, rate);
  }
  return rate;
}
