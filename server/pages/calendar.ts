import { DateTime } from 'luxon';

/** Today's calendar date ('YYYY-MM-DD') in the organisation's time zone at the injected instant. */
export function localToday(now: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return (local.isValid ? local : DateTime.fromJSDate(now, { zone: 'utc' })).toISODate()!;
}

/** A UTC instant shown as 'YYYY-MM-DD HH:MM' in the given zone (pages show the organisation's local time). */
export function localDateTime(at: Date | null, timeZone: string): string | null {
  if (!at) return null;
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return (local.isValid ? local : DateTime.fromJSDate(at, { zone: 'utc' })).toFormat('yyyy-LL-dd HH:mm');
}

/**
 * The same with the zone's abbreviation or offset ('2026-12-05 05:56 GMT+13', '2026-12-04 11:56 EST'), for pages
 * that put organisations in different zones side by side.
 */
export function localDateTimeZoned(at: Date | null, timeZone: string): string | null {
  if (!at) return null;
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return (local.isValid ? local : DateTime.fromJSDate(at, { zone: 'utc' })).toFormat('yyyy-LL-dd HH:mm ZZZZ');
}

/** Whole days from `from` to `to`, both 'YYYY-MM-DD' (calendar arithmetic, no time zone involved). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
