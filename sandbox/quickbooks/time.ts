import { DateTime } from 'luxon';

/**
 * QuickBooks renders every instant (MetaData times, the response `time`) in Pacific time with its offset,
 * whatever the company's own zone ("The API returns date in PST", QuickBooks-V3-Java-SDK #26).
 */
const PACIFIC = 'America/Los_Angeles';
const MINUTE_MS = 60_000;

/**
 * Pacific offset in minutes. Since 2007 US daylight time runs from the second Sunday of March, 02:00 PST
 * (10:00 UTC), to the first Sunday of November, 02:00 PDT (09:00 UTC); computing that directly is ~100× faster
 * than a zone lookup per row, which matters on 1,000-row pages. Older instants ask luxon.
 */
const dstByYear = new Map<number, { start: number; end: number }>();

function sundayOfMonth(year: number, month: number, nth: number): number {
  const firstWeekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((7 - firstWeekday) % 7) + 7 * (nth - 1);
}

function pacificOffsetMinutes(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  if (year < 2007) return DateTime.fromMillis(ms, { zone: PACIFIC }).offset;
  let dst = dstByYear.get(year);
  if (!dst) {
    dst = {
      start: Date.UTC(year, 2, sundayOfMonth(year, 2, 2), 10),
      end: Date.UTC(year, 10, sundayOfMonth(year, 10, 1), 9),
    };
    dstByYear.set(year, dst);
  }
  return ms >= dst.start && ms < dst.end ? -7 * 60 : -8 * 60;
}

const offsetTexts = new Map<number, string>();

function formatOffset(minutes: number): string {
  let text = offsetTexts.get(minutes);
  if (text === undefined) {
    text = offsetText(minutes);
    offsetTexts.set(minutes, text);
  }
  return text;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** '2026-07-08T14:03:22-07:00': whole seconds, as in MetaData.CreateTime / LastUpdatedTime. */
export function pacificSeconds(ms: number): string {
  const offset = pacificOffsetMinutes(ms);
  const local = new Date(truncateToSecond(ms) + offset * MINUTE_MS).toISOString();
  return `${local.slice(0, 19)}${formatOffset(offset)}`;
}

/** '2026-07-20T07:14:03.512-07:00': the `time` stamp of every response. */
export function pacificMillis(ms: number): string {
  const offset = pacificOffsetMinutes(ms);
  const local = new Date(ms + offset * MINUTE_MS).toISOString();
  return `${local.slice(0, 23)}${formatOffset(offset)}`;
}

/** QBO keeps whole seconds, so comparisons use the value a client can see. */
export function truncateToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/**
 * Parses a date-time literal from a query or `changedSince`: ISO with an offset or 'Z', or without one
 * (then read as Pacific time, the zone QBO itself speaks), or a bare date. Returns epoch ms or null.
 */
export function parseQboInstant(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return null;
  const parsed = DateTime.fromISO(trimmed, { zone: PACIFIC, setZone: true });
  return parsed.isValid ? parsed.toMillis() : null;
}
