import Holidays from 'date-holidays';
import { addDays } from './calendar.js';
import type { LocalDate } from './types.js';

// Holiday rules are computed once per country and year; the result depends on nothing else, so caching keeps
// the policy pure while avoiding recomputing a year of rules on every decision.
const cache = new Map<string, Set<LocalDate>>();

function publicHolidays(country: string, year: number): Set<LocalDate> {
  const key = `${country}:${year}`;
  let days = cache.get(key);
  if (days === undefined) {
    const list = new Holidays(country).getHolidays(year) || [];
    days = new Set<LocalDate>();
    // Only 'public' days close businesses; 'bank', 'school', 'optional' and 'observance' do not. Some last
    // several days (Eid in many countries is three): every day they cover is skipped.
    for (const h of list.filter((x) => x.type === 'public')) {
      const length = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
      for (let d = 0; d < length; d++) days.add(addDays(h.date.slice(0, 10), d));
    }
    cache.set(key, days);
  }
  return days;
}

/** Whether `date` is a public holiday (including substitute days) of `country` (ISO 3166, date-holidays). */
export function isPublicHoliday(country: string, date: LocalDate): boolean {
  const year = Number(date.slice(0, 4));
  // A holiday of several days that starts late in December runs into the next year.
  return publicHolidays(country, year).has(date) || publicHolidays(country, year - 1).has(date);
}
