/**
 * Xero's JSON date formats. Calendar dates ('YYYY-MM-DD' in the organisation's zone) go out as midnight UTC of
 * that date in MS-JSON form, `/Date(1733097600000+0000)/`, with a `…String` twin `2024-12-02T00:00:00`.
 * Instants (UpdatedDateUTC) are `/Date(ms+0000)/`; the response envelope's DateTimeUTC has no offset.
 */
export function msDate(ymd: string): string {
  // A book has a few thousand distinct dates and a page renders several per invoice.
  let text = msDates.get(ymd);
  if (text === undefined) {
    text = `/Date(${calendarDateMs(ymd)}+0000)/`;
    if (msDates.size > 100_000) msDates.clear();
    msDates.set(ymd, text);
  }
  return text;
}

const msDates = new Map<string, string>();

export function dateString(ymd: string): string {
  return `${ymd}T00:00:00`;
}

export function calendarDateMs(ymd: string): number {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

export function msDateTime(ms: number): string {
  return `/Date(${ms}+0000)/`;
}

/** The envelope's `DateTimeUTC`, which Xero writes without an offset. */
export function msDateTimeNoOffset(ms: number): string {
  return `/Date(${ms})/`;
}

/** `UpdatedDateUTCString` (OAS 16.1.0): ISO 8601 to the second, `2019-11-14T18:10:38Z`. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** History records' `DateUTCString`: `2026-12-03T17:00:00` (UTC, no zone designator). */
export function isoSecondsNoZone(ms: number): string {
  return isoSeconds(ms).slice(0, -1);
}

const ISO_NO_ZONE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/**
 * Parses an `If-Modified-Since` header as Xero accepts it: xero-node sends `Date.toISOString()`
 * (`2026-01-01T00:00:00.000Z`), others send `2026-01-01T00:00:00` (UTC, no designator) or the HTTP date form
 * (`Thu, 01 Jan 2026 00:00:00 GMT`). A value without a zone is UTC, never the server's zone.
 * Returns epoch ms, or null when the header is absent or unreadable (Xero then returns everything).
 */
export function parseIfModifiedSince(header: string | undefined): number | null {
  if (!header) return null;
  const text = header.trim();
  const ms = ISO_NO_ZONE.test(text)
    ? Date.parse(text.includes('T') ? `${text}Z` : `${text}T00:00:00Z`)
    : Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** 'MM/dd/yyyy HH:mm:ss' in UTC, the form Xero uses in "TokenExpired: token expired at …". */
export function usDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)} ${iso.slice(11, 19)}`;
}
