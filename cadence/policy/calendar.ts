import { DateTime } from 'luxon';
import type { LocalDate } from './types.js';

const DAY_MS = 86_400_000;

// Calendar arithmetic is done on day numbers since the epoch (Date.UTC), where every day has 24 hours, so DST and
// the process time zone never shift a count. It is also far cheaper than building luxon objects per call.
function dayNumber(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

// Formatting through Date#toISOString was the policy's top cost after zone conversions; the planner only ever
// touches a few hundred distinct days, so each is formatted once.
const dayStrings = new Map<number, LocalDate>();
function fromDayNumber(day: number): LocalDate {
  let date = dayStrings.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayStrings.size < 100_000) dayStrings.set(day, date);
  }
  return date;
}

// Zone conversions go through Intl and dominate the policy's cost; the planner asks the same questions (same
// dates, windows and zones) for every customer, so results are memoised. Bounded, and pure: same input, same answer.
const MEMO_LIMIT = 50_000;
function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MEMO_LIMIT) cache.clear();
    value = compute();
    cache.set(key, value);
  }
  return value;
}
const localTimes = new Map<string, number>();

/** One local calendar day of a zone, as the UTC instants it spans: [start, end). */
interface LocalDay {
  date: LocalDate;
  start: number;
  end: number;
}
// Per zone, the local days already met, listed under each UTC day they overlap (a local day touches two or three).
// Keyed by instant, a cache would miss for every new instant; keyed by day it answers any instant of a known day.
const localDays = new Map<string, Map<number, LocalDay[]>>();
let localDayCount = 0;

/** The calendar date of `instant` in `zone`. */
export function localDateOf(instant: Date, zone: string): LocalDate {
  const ms = instant.getTime();
  let byUtcDay = localDays.get(zone);
  if (byUtcDay === undefined) {
    byUtcDay = new Map();
    localDays.set(zone, byUtcDay);
  }
  const utcDay = Math.floor(ms / DAY_MS);
  const known = byUtcDay.get(utcDay)?.find((d) => d.start <= ms && ms < d.end);
  if (known !== undefined) return known.date;
  const local = DateTime.fromMillis(ms, { zone });
  const date = local.toISODate() as LocalDate;
  if (!Number.isFinite(ms) || !local.isValid) return date;
  if (localDayCount >= MEMO_LIMIT) {
    localDays.clear();
    localDayCount = 0;
    byUtcDay = new Map();
    localDays.set(zone, byUtcDay);
  }
  const start = local.startOf('day');
  const day: LocalDay = { date, start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
  for (let d = Math.floor(day.start / DAY_MS); d * DAY_MS < day.end; d += 1) {
    const list = byUtcDay.get(d);
    if (list) list.push(day);
    else byUtcDay.set(d, [day]);
  }
  localDayCount += 1;
  return date;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(date: LocalDate): number {
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/**
 * The instant at which `date` shows `hhmm` on the wall clock of `zone`. A time skipped by a DST jump moves
 * forward by the jump (luxon's rule), so 02:30 on a spring-forward night becomes 03:30.
 */
export function atLocalTime(date: LocalDate, hhmm: string, zone: string): Date {
  return new Date(
    memo(localTimes, `${date}T${hhmm}|${zone}`, () =>
      DateTime.fromISO(`${date}T${hhmm}`, { zone }).toMillis(),
    ),
  );
}

/** The first instant of `date` in `zone` (not always 00:00 where DST starts at midnight). */
export function startOfLocalDate(date: LocalDate, zone: string): Date {
  return new Date(
    memo(localTimes, `${date}|${zone}`, () => DateTime.fromISO(date, { zone }).startOf('day').toMillis()),
  );
}

/** A real 'YYYY-MM-DD' date (not '2026-02-30', not '30/11/2026'). */
export function isLocalDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && fromDayNumber(dayNumber(value)) === value;
}
