import { DateTime } from 'luxon';

/**
 * QuickBooks renders every instant (MetaData times, the response `time`) in Pacific time with its offset,
 * whatever the company's own zone ("The API returns date in PST", QuickBooks-V3-Java-SDK #26).
 */
const PACIFIC = 'America/Los_Angeles';
const HOUR_MS = 3_600_000;

// Offsets only change on the hour in Pacific time, so one luxon lookup per hour keeps a 1,000-row page cheap.
const offsetByHour = new Map<number, number>();

function pacificOffsetMinutes(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = DateTime.fromMillis(hour * HOUR_MS, { zone: PACIFIC }).offset;
    offsetByHour.set(hour, offset);
  }
  return offset;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** '2026-07-08T14:03:22-07:00': whole seconds, as in MetaData.CreateTime / LastUpdatedTime. */
export function pacificSeconds(ms: number): string {
  const offset = pacificOffsetMinutes(ms);
  const local = new Date(truncateToSecond(ms) + offset * 60_000).toISOString();
  return `${local.slice(0, 19)}${formatOffset(offset)}`;
}

/** '2026-07-20T07:14:03.512-07:00': the `time` stamp of every response. */
export function pacificMillis(ms: number): string {
  const offset = pacificOffsetMinutes(ms);
  const local = new Date(ms + offset * 60_000).toISOString();
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
