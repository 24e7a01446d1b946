import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localDateOf } from './calendar.js';
import { readPhone } from './phone-number.js';

describe('localDateOf (cached by local day)', () => {
  // Zones with DST on both hemispheres, a 45-minute offset, a 30-minute DST shift, and a skipped midnight.
  const zones = [
    'America/New_York',
    'Pacific/Auckland',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'America/Santiago',
    'Pacific/Chatham',
    'UTC',
  ];

  it('agrees with luxon at every quarter hour and odd minute across DST changes', () => {
    const mismatches: string[] = [];
    for (const zone of zones) {
      // Across 2026's March/April and October/November transitions, every 7 minutes.
      for (const [from, to] of [
        ['2026-03-05T00:00:00Z', '2026-04-10T00:00:00Z'],
        ['2026-09-20T00:00:00Z', '2026-11-05T00:00:00Z'],
      ] as const) {
        for (let ms = Date.parse(from); ms < Date.parse(to); ms += 7 * 60_000) {
          const expected = DateTime.fromMillis(ms, { zone }).toISODate();
          const actual = localDateOf(new Date(ms), zone);
          if (actual !== expected)
            mismatches.push(`${new Date(ms).toISOString()} ${zone}: ${actual} ≠ ${expected}`);
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('gives the calendar date on both sides of midnight', () => {
    expect(localDateOf(new Date('2026-12-04T04:59:59Z'), 'America/New_York')).toBe('2026-12-03');
    expect(localDateOf(new Date('2026-12-04T05:00:00Z'), 'America/New_York')).toBe('2026-12-04');
    expect(localDateOf(new Date('2026-12-03T10:59:59Z'), 'Pacific/Auckland')).toBe('2026-12-03');
    expect(localDateOf(new Date('2026-12-03T11:00:00Z'), 'Pacific/Auckland')).toBe('2026-12-04');
  });
});

describe('readPhone (memoised)', () => {
  it('reads national numbers in the given country and remembers nothing across countries', () => {
    expect(readPhone('(415) 555-0142', 'us').e164).toBe('+14155550142');
    expect(readPhone('020 7946 0321', 'GB')).toMatchObject({ e164: '+442079460321', country: 'GB' });
    expect(readPhone('020 7946 0321', 'US').e164).toBeNull();
    expect(readPhone(' +33 6 12 34 56 78 ', null)).toMatchObject({ e164: '+33612345678', country: 'FR' });
    expect(readPhone('12345', 'US').e164).toBeNull();
  });
});
