/**
 * Calendar-date arithmetic on 'YYYY-MM-DD' strings, done in UTC day numbers so that the process time zone
 * never shifts a date. Formatted strings are cached: a million invoices share a few thousand date strings.
 */
const MS_PER_DAY = 86_400_000;
const formatted = new Map<number, string>();

/** Days since 1970-01-01 for a 'YYYY-MM-DD' string. */
export function toDayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`Not a YYYY-MM-DD date: ${date}`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const day = ms / MS_PER_DAY;
  if (formatDayNumber(day) !== date) throw new Error(`Not a calendar date: ${date}`);
  return day;
}

export function formatDayNumber(day: number): string {
  let text = formatted.get(day);
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    formatted.set(day, text);
  }
  return text;
}

export function addDays(date: string, days: number): string {
  return formatDayNumber(toDayNumber(date) + days);
}

/** Midnight UTC of a calendar date, in epoch ms: a stable instant to hang generated timestamps on. */
export function dayStartMs(day: number): number {
  return day * MS_PER_DAY;
}

export { MS_PER_DAY };
