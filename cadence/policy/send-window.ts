import { WEEKDAYS, type CadenceSettings, type TimeWindow } from '../settings/schema.js';
import { addDays, atLocalTime, localDateOf, weekdayOf } from './calendar.js';
import { isPublicHoliday } from './holidays.js';
import type { LocalDate } from './types.js';

type Interval = { start: number; end: number };
type WindowSettings = Pick<
  CadenceSettings,
  'sendDays' | 'sendWindow' | 'timeZone' | 'holidayCountry' | 'recipientWindow'
>;

/** How far ahead to look for an opening; a longer search means the windows never overlap. */
const HORIZON_DAYS = 60;

/** Whether the organisation sends on this local date: a send day and not a public holiday. */
export function isSendDay(settings: WindowSettings, date: LocalDate): boolean {
  const weekday = WEEKDAYS[weekdayOf(date) - 1];
  if (weekday === undefined || !settings.sendDays.includes(weekday)) return false;
  return settings.holidayCountry === null || !isPublicHoliday(settings.holidayCountry, date);
}

function windowOn(date: LocalDate, window: TimeWindow, zone: string): Interval {
  return {
    start: atLocalTime(date, window.start, zone).getTime(),
    end: atLocalTime(date, window.end, zone).getTime(),
  };
}

function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(x.start, y.start);
      const end = Math.min(x.end, y.end);
      if (start < end) out.push({ start, end });
    }
  }
  return out;
}

/** The recipient's allowed hours in `zone` around an organisation-local date (zones can be a day apart). */
function recipientIntervals(orgDate: LocalDate, window: TimeWindow, zone: string): Interval[] {
  return [-1, 0, 1].map((d) => windowOn(addDays(orgDate, d), window, zone));
}

/**
 * The first instant at or after `from` when the organisation may send (send day, not a holiday, inside the send
 * window, all in its zone) and, if `recipientZones` is non-empty, when it is also inside the recipient window in
 * every one of those zones (used for calls and SMS). `from` itself when it is already allowed; null when no such
 * instant exists within 60 days.
 */
export function nextSendOpening(
  settings: WindowSettings,
  from: Date,
  recipientZones: readonly string[] = [],
): Date | null {
  const t0 = from.getTime();
  const firstDate = localDateOf(from, settings.timeZone);
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const date = addDays(firstDate, i);
    if (!isSendDay(settings, date)) continue;
    let open = [windowOn(date, settings.sendWindow, settings.timeZone)];
    for (const zone of recipientZones)
      open = intersect(open, recipientIntervals(date, settings.recipientWindow, zone));
    const starts = open.filter((w) => w.end > t0).map((w) => Math.max(w.start, t0));
    if (starts.length > 0) return new Date(Math.min(...starts));
  }
  return null;
}
