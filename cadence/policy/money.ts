import { Decimal } from 'decimal.js';

/** A decimal string parsed strictly; anything unparseable counts as zero so a bad row is dropped, never chased. */
export function toDecimal(amount: string): Decimal {
  try {
    return new Decimal(amount.trim());
  } catch {
    return new Decimal(0);
  }
}

/** Totals per currency, in first-seen order; currencies are never added together (pitfall B15). */
export function totalsByCurrency(
  items: readonly { currency: string; amount: string }[],
): { currency: string; amount: Decimal }[] {
  const totals = new Map<string, Decimal>();
  for (const { currency, amount } of items)
    totals.set(currency, (totals.get(currency) ?? new Decimal(0)).plus(toDecimal(amount)));
  return [...totals].map(([currency, amount]) => ({ currency, amount }));
}

// Building an Intl.NumberFormat costs more than the rest of a decision; a currency's digits never change.
const digitsByCurrency = new Map<string, number>();

function fractionDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = intlFractionDigits(currency);
    if (digitsByCurrency.size < 1000) digitsByCurrency.set(currency, digits);
  }
  return digits;
}

function intlFractionDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** '800' NZD → '800.00'; JPY keeps no decimals. Exact: no float on the way. */
export function formatAmount(amount: Decimal | string, currency: string): string {
  const value = typeof amount === 'string' ? toDecimal(amount) : amount;
  return value.toFixed(fractionDigits(currency));
}
