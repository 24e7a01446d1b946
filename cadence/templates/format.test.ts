import { describe, expect, it } from 'vitest';
import { nextFriday } from './deadline.js';
import { formatDate, formatMoney, spokenCharacters, spokenMoney, totalsByCurrency } from './format.js';
import { countSmsSegments } from './sms-encoding.js';

const plain = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ');

describe('formatMoney', () => {
  it('formats per language, with the currency’s own digits', () => {
    expect(formatMoney('1234.56', 'USD', 'en')).toBe('$1,234.56');
    expect(plain(formatMoney('1234.56', 'EUR', 'fr'))).toBe('1 234,56 €');
    expect(formatMoney('150000', 'JPY', 'en')).toBe('¥150,000');
    expect(formatMoney('1234.5', 'JPY', 'en')).toBe('¥1,235');
    expect(plain(formatMoney('0.125', 'BHD', 'en'))).toBe('BHD 0.125');
    expect(formatMoney('12', 'NZD', 'en')).toBe('NZ$12.00');
  });

  it('keeps amounts exact beyond float precision', () => {
    expect(formatMoney('90071992547409.93', 'USD', 'en')).toBe('$90,071,992,547,409.93');
  });
});

describe('formatDate', () => {
  it('formats the calendar date itself, whatever the process time zone', () => {
    expect(formatDate('2026-12-12', 'en')).toBe('December 12, 2026');
    expect(formatDate('2026-12-12', 'fr')).toBe('12 décembre 2026');
    expect(formatDate('2027-01-01', 'fr')).toBe('1 janvier 2027');
    expect(formatDate('2026-12-31', 'en')).toBe('December 31, 2026');
  });

  it('refuses anything but YYYY-MM-DD', () => {
    expect(() => formatDate('12/12/2026', 'en')).toThrow(RangeError);
  });
});

describe('spoken forms', () => {
  it('writes amounts for a voice', () => {
    expect(spokenMoney('1234.56', 'USD', 'en')).toBe('1234 US dollars and 56 cents');
    expect(spokenMoney('1234.01', 'EUR', 'fr')).toBe('1234 euros et 1 centime');
    expect(spokenMoney('1', 'USD', 'en')).toBe('1 US dollar');
    expect(spokenMoney('150000', 'JPY', 'en')).toBe('150000 Japanese yen');
    expect(spokenMoney('20.50', 'GBP', 'en')).toBe('20 British pounds and 50 pence');
  });

  it('spells references character by character', () => {
    expect(spokenCharacters('INV-0042')).toBe('I N V, 0 0 4 2');
    expect(spokenCharacters('A/2026/17')).toBe('A, 2 0 2 6, 1 7');
  });
});

describe('totalsByCurrency', () => {
  it('sums per currency exactly and never across currencies', () => {
    expect(
      totalsByCurrency([
        { amountDue: '0.1', currency: 'USD' },
        { amountDue: '0.2', currency: 'USD' },
        { amountDue: '5', currency: 'EUR' },
      ]),
    ).toEqual([
      { currency: 'USD', amount: '0.3' },
      { currency: 'EUR', amount: '5' },
    ]);
  });
});

describe('nextFriday', () => {
  it('gives the first Friday at least three days away', () => {
    expect(nextFriday('2026-12-07')).toBe('2026-12-11'); // Monday → that Friday
    expect(nextFriday('2026-12-08')).toBe('2026-12-11'); // Tuesday → that Friday
    expect(nextFriday('2026-12-09')).toBe('2026-12-18'); // Wednesday → two days is too short
    expect(nextFriday('2026-12-11')).toBe('2026-12-18'); // Friday → next week
    expect(nextFriday('2026-12-29')).toBe('2027-01-01'); // across the year
    expect(nextFriday('2026-12-09', 0)).toBe('2026-12-11');
  });
});

describe('countSmsSegments', () => {
  it('counts GSM-7 septets, with extension characters as two', () => {
    expect(countSmsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', length: 160, segments: 1 });
    expect(countSmsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', length: 161, segments: 2 });
    expect(countSmsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', length: 80, segments: 1 });
    expect(countSmsSegments('€'.repeat(81))).toEqual({ encoding: 'GSM-7', length: 81, segments: 2 });
    expect(countSmsSegments('Répondez STOP à ça').encoding).toBe('UCS-2'); // 'ç' is not GSM-7
    expect(countSmsSegments('Répondez STOP à Ça').encoding).toBe('GSM-7');
  });

  it('counts UCS-2 by 70 / 67', () => {
    expect(countSmsSegments('Ō'.repeat(70)).segments).toBe(1);
    expect(countSmsSegments('Ō'.repeat(71)).segments).toBe(2);
    expect(countSmsSegments('Ō'.repeat(134)).segments).toBe(2);
    expect(countSmsSegments('Ō'.repeat(135)).segments).toBe(3);
    expect(countSmsSegments('').segments).toBe(0);
  });
});
