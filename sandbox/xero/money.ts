import { Decimal } from 'decimal.js';

/** Integer minor units to the JSON number Xero sends (12345 → 123.45), computed exactly with decimal.js. */
export function amount(cents: number): number {
  return new Decimal(cents).div(100).toNumber();
}

/**
 * Xero's CurrencyRate is units of the invoice currency per one unit of the base currency; the neutral books
 * hold the inverse (home units per invoice unit). Six decimals, as Xero shows.
 */
export function currencyRate(exchangeRate: string): number {
  const rate = new Decimal(exchangeRate);
  if (rate.isZero()) return 1;
  return new Decimal(1).div(rate).toDecimalPlaces(6).toNumber();
}
