import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { amount, amountText, currencyRate } from './money.js';

describe('money at the JSON boundary', () => {
  it('renders cents as the same number decimal.js would give', () => {
    for (const cents of [0, 1, 5, 10, 99, 101, 12345, 115_000, 474_999, 100_000_001, 999_999_999_999_999]) {
      expect(amount(cents)).toBe(new Decimal(cents).div(100).toNumber());
      // Up to 15 significant digits the JSON text is the exact decimal.
      expect(String(amount(cents))).toBe(new Decimal(cents).div(100).toString());
    }
    expect(amount(9_007_199_254_740_991)).toBe(new Decimal(9_007_199_254_740_991).div(100).toNumber());
    expect(() => amount(1.5)).toThrow();
  });

  it('writes the same JSON text for an amount as JSON.stringify of the number', () => {
    const samples = [0, 1, -1, 5, 9, 10, 11, 90, 99, 100, 101, 110, -110, 12345, -12340, 115_000, 474_999];
    samples.push(
      999_999_999_999_999,
      -999_999_999_999_999,
      1e15,
      9_007_199_254_740_991,
      -9_007_199_254_740_991,
    );
    // A deterministic spread of every magnitude up to 2^53.
    for (let n = 1; n < Number.MAX_SAFE_INTEGER / 7; n = n * 7 + 3) samples.push(n, -n, n + 50, n - 7);
    for (const cents of samples) expect(amountText(cents)).toBe(JSON.stringify(amount(cents)));
    expect(() => amountText(0.5)).toThrow();
  });

  it('turns home-per-foreign exchange rates into Xero’s foreign-per-base CurrencyRate', () => {
    expect(currencyRate('1')).toBe(1);
    expect(currencyRate('1.6')).toBe(0.625);
    expect(currencyRate('0.8993')).toBe(1.111976);
  });
});
