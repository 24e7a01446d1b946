import { Decimal } from 'decimal.js';

/**
 * Integer minor units to the JSON number Xero sends (12345 → 123.45). This is the JSON boundary, where money
 * has to become a number: for an integer n, n / 100 is the double nearest to the exact decimal n/100, the very
 * value `new Decimal(n).div(100).toNumber()` returns, at a fraction of the cost on 1,000-invoice pages.
 */
export function amount(cents: number): number {
  if (!Number.isSafeInteger(cents)) throw new Error(`amount in cents must be an integer, got ${cents}`);
  return cents / 100;
}

/**
 * `amount(cents)` as JSON text, from integer arithmetic: the text renderers write about 17 amounts per invoice,
 * and formatting a double costs twice as much. Up to 15 significant digits the double's shortest text is the
 * exact decimal, so the two agree; larger amounts go the double's way, as `amount` would.
 */
export function amountText(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`amount in cents must be an integer, got ${cents}`);
  const magnitude = cents < 0 ? -cents : cents;
  if (magnitude >= 1e15) return String(cents / 100);
  const sign = cents < 0 ? '-' : '';
  const fraction = magnitude % 100;
  const units = (magnitude - fraction) / 100;
  if (fraction === 0) return `${sign}${units}`;
  if (fraction % 10 === 0) return `${sign}${units}.${fraction / 10}`;
  return `${sign}${units}.${fraction < 10 ? '0' : ''}${fraction}`;
}

/**
 * Xero's CurrencyRate is units of the invoice currency per one unit of the base currency; the neutral books
 * hold the inverse (home units per invoice unit). Six decimals, as Xero shows.
 */
export function currencyRate(exchangeRate: string): number {
  let rate = rates.get(exchangeRate);
  if (rate === undefined) {
    const home = new Decimal(exchangeRate);
    rate = home.isZero() ? 1 : new Decimal(1).div(home).toDecimalPlaces(6).toNumber();
    rates.set(exchangeRate, rate);
  }
  return rate;
}

/** A book has few distinct rates; memoised because every invoice and payment line renders one. */
const rates = new Map<string, number>();
