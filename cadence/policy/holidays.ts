import Holidays from 'date-holidays';
import type { LocalDate } from './types.js';

// Holiday rules are computed once per country and year; the result depends on nothing else, so caching keeps
// the policy pure while avoiding recomputing a year of rules on every decision.
const cache = new Map<string, Set<LocalDate>>();

function publicHolidays(country: string, year: number): Set<LocalDate> {
  const key = `${country}:${year}`;
  let days = cache.get(key);
  if (days === undefined) {
    const list = new Holidays(country).getHolidays(year) || [];
    // Only 'public' days close businesses; 'bank', 'school', 'optional' and 'observance' do not.
    days = new Set(list.filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    cache.set(key, days);
  }
  return days;
}

/** Whether `date` is a public holiday (including substitute days) of `country` (ISO 3166, date-holidays). */
export function isPublicHoliday(country: string, date: LocalDate): boolean {
  return publicHolidays(country, Number(date.slice(0, 4))).has(date);
}
