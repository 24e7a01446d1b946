import { describe, expect, it } from 'vitest';
import { isPublicHoliday } from './holidays.js';

describe('isPublicHoliday (date-holidays, public days only)', () => {
  it.each([
    ['NZ', '2026-12-25', true], // Christmas Day
    ['NZ', '2026-12-28', true], // Boxing Day (Sat) observed on Monday
    ['NZ', '2026-12-24', false],
    ['NZ', '2026-02-06', true], // Waitangi Day
    ['US', '2026-11-26', true], // Thanksgiving
    ['US', '2026-07-03', true], // Independence Day (Sat) observed on Friday
    ['US', '2026-02-14', false], // Valentine's Day is an observance, not a public holiday
    ['FR', '2026-05-01', true],
    ['AE', '2026-03-21', true], // second day of a three-day Eid al-Fitr
  ])('%s %s → %s', (country, date, expected) => {
    expect(isPublicHoliday(country, date)).toBe(expected);
  });
});
