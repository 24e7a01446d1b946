import { Decimal } from 'decimal.js';

/**
 * Xero amounts as exact decimal strings. xero-node hands over JS numbers parsed from the JSON; a number's
 * shortest representation (`String(n)`) is exactly the decimal Xero sent for any amount of up to 15 significant
 * digits, whereas `toFixed` would expose binary artefacts (1.005.toFixed(2) === '1.00'). Never arithmetic on
 * the float itself.
 */
export function xeroAmount(value: unknown): string {
  if (value === undefined || value === null || value === '') return '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not an amount: ${value}`);
    return new Decimal(String(value)).toFixed();
  }
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()))
    return new Decimal(value.trim()).toFixed();
  throw new Error(`not an amount: ${JSON.stringify(value)}`);
}

export function isPositiveAmount(amount: string): boolean {
  return new Decimal(amount).greaterThan(0);
}
