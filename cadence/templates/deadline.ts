const DAY_MS = 86_400_000;
const FRIDAY = 5;

/**
 * The Friday the 'serious' step asks to resolve by: the first Friday at least `minimumDays` after `today`,
 * so a step that goes out on a Thursday does not demand payment the next day. Pure calendar arithmetic on
 * 'YYYY-MM-DD' strings; `today` is the organisation's local date, supplied by the caller.
 */
export function nextFriday(today: string, minimumDays = 3): string {
  const start = Date.parse(`${today}T00:00:00Z`);
  if (Number.isNaN(start) || !/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    throw new RangeError(`Expected a 'YYYY-MM-DD' date, got '${today}'`);
  }
  const earliest = new Date(start + minimumDays * DAY_MS);
  const daysToFriday = (FRIDAY - earliest.getUTCDay() + 7) % 7;
  return new Date(earliest.getTime() + daysToFriday * DAY_MS).toISOString().slice(0, 10);
}
