/**
 * Xero's `/Date(ms+zzzz)/` values. Calendar fields (Date, DueDate) are midnight UTC of the organisation's local
 * date, so the date is the UTC Y-M-D of the epoch: reading it in the process time zone would move it a day
 * west of UTC (pitfall B17). xero-node already turns these strings into `Date` objects (ignoring the offset);
 * both shapes are accepted here.
 */
const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

export function xeroInstant(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || value === '') return null;
  const match = MS_DATE.exec(value.trim());
  if (match) return new Date(Number(match[1]));
  // UpdatedDateUTCString and friends: ISO 8601 without a zone means UTC at Xero.
  const iso = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value) ? `${value}Z` : value;
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** 'YYYY-MM-DD' of a Xero calendar date; never shifted by the process time zone. */
export function xeroCalendarDate(value: unknown): string | null {
  const instant = xeroInstant(value);
  if (!instant) return null;
  const y = instant.getUTCFullYear();
  const year = y < 0 ? `-${String(-y).padStart(6, '0')}` : String(y).padStart(4, '0');
  return `${year}-${pad(instant.getUTCMonth() + 1)}-${pad(instant.getUTCDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
