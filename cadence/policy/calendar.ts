import { DateTime } from 'luxon';
import type { LocalDate } from './types.js';

// Calendar arithmetic is done on dates in UTC, where every day has 24 hours, so DST never shifts a count.
const utcDay = (d: LocalDate): DateTime => DateTime.fromISO(d, { zone: 'utc' });

/** The calendar date of `instant` in `zone`. */
export function localDateOf(instant: Date, zone: string): LocalDate {
  return DateTime.fromJSDate(instant, { zone }).toISODate() as LocalDate;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return utcDay(date).plus({ days }).toISODate() as LocalDate;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round(utcDay(to).diff(utcDay(from), 'days').days);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  return utcDay(date).weekday;
}

/**
 * The instant at which `date` shows `hhmm` on the wall clock of `zone`. A time skipped by a DST jump moves
 * forward by the jump (luxon's rule), so 02:30 on a spring-forward night becomes 03:30.
 */
export function atLocalTime(date: LocalDate, hhmm: string, zone: string): Date {
  return DateTime.fromISO(`${date}T${hhmm}`, { zone }).toJSDate();
}

export function startOfLocalDate(date: LocalDate, zone: string): Date {
  return DateTime.fromISO(date, { zone }).startOf('day').toJSDate();
}

export function isLocalDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}
