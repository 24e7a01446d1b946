import { describe, expect, it } from 'vitest';
import { amount, centsToDecimal, decimalNumber, toQboJson } from './money.js';
import { pacificMillis, pacificSeconds, parseQboInstant } from './time.js';

describe('money on the wire', () => {
  it('renders minor units with exactly the currency digits', () => {
    expect(centsToDecimal(123456, 'USD')).toBe('1234.56');
    expect(centsToDecimal(5, 'EUR')).toBe('0.05');
    expect(centsToDecimal(-5, 'EUR')).toBe('-0.05');
    expect(centsToDecimal(1500, 'JPY')).toBe('1500');
    expect(centsToDecimal(1234, 'KWD')).toBe('1.234');
  });

  it('writes amounts as bare JSON numbers with their trailing zeros', () => {
    const text = toQboJson({
      TotalAmt: amount(120000, 'USD'),
      ExchangeRate: decimalNumber('0.8993'),
      Note: '450.00',
    });
    expect(text).toBe('{"TotalAmt":1200.00,"ExchangeRate":0.8993,"Note":"450.00"}');
    expect(JSON.parse(text)).toEqual({ TotalAmt: 1200, ExchangeRate: 0.8993, Note: '450.00' });
  });
});

describe('Pacific timestamps', () => {
  it('formats instants in Pacific time with the offset of the day (DST aware)', () => {
    expect(pacificSeconds(Date.UTC(2026, 6, 20, 16, 0, 0, 999))).toBe('2026-07-20T09:00:00-07:00');
    expect(pacificSeconds(Date.UTC(2026, 0, 5, 3, 4, 5))).toBe('2026-01-04T19:04:05-08:00');
    expect(pacificMillis(Date.UTC(2026, 6, 20, 14, 3, 22, 512))).toBe('2026-07-20T07:03:22.512-07:00');
  });

  it('parses query literals with offsets, Z, or none (Pacific)', () => {
    expect(parseQboInstant('2026-07-20T08:00:00-07:00')).toBe(Date.UTC(2026, 6, 20, 15));
    expect(parseQboInstant('2026-07-21T03:00:00+12:00')).toBe(Date.UTC(2026, 6, 20, 15));
    expect(parseQboInstant('2026-07-20T15:00:00Z')).toBe(Date.UTC(2026, 6, 20, 15));
    expect(parseQboInstant('2026-07-20T08:00:00')).toBe(Date.UTC(2026, 6, 20, 15));
    expect(parseQboInstant('yesterday')).toBeNull();
  });
});

describe('Pacific offset rule', () => {
  it('agrees with the time-zone database around every DST change from 2007 to 2030', async () => {
    const { DateTime } = await import('luxon');
    for (let ms = Date.UTC(2007, 0, 1); ms < Date.UTC(2030, 11, 31); ms += 3_600_000 * 7) {
      const expected = DateTime.fromMillis(ms, { zone: 'America/Los_Angeles' }).set({ millisecond: 0 });
      expect(pacificSeconds(ms)).toBe(expected.toISO({ suppressMilliseconds: true }));
    }
  });
});
