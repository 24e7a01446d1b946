import { Decimal } from 'decimal.js';

/**
 * A decimal string shown with its currency's number of minor digits ('1234.5600' USD → '1234.56', JPY → '150000'),
 * rounded half-up by decimal.js — never through a JS float.
 */
export function displayAmount(amount: string, currency: string): string {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
  } catch {
    // An unknown code keeps two decimals.
  }
  return new Decimal(amount).toFixed(digits, Decimal.ROUND_HALF_UP);
}
