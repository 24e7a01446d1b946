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
  const openings = openingsFor(settings, recipientZones);
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const date = addDays(firstDate, i);
    let open = openings.get(date);
    if (open === undefined) {
      open = openingsOn(settings, date, recipientZones);
      openings.set(date, open);
    }
    let best = Infinity;
    for (const w of open) if (w.end > t0) best = Math.min(best, Math.max(w.start, t0));
    if (best !== Infinity) return new Date(best);
  }
  return null;
}

/** The intervals of `date` (organisation-local) when sending is allowed: none on a day off. */
function openingsOn(
  settings: WindowSettings,
  date: LocalDate,
  recipientZones: readonly string[],
): Interval[] {
  if (!isSendDay(settings, date)) return [];
  let open = [windowOn(date, settings.sendWindow, settings.timeZone)];
  for (const zone of recipientZones)
    open = intersect(open, recipientIntervals(date, settings.recipientWindow, zone));
  return open;
}

// The planner asks for the same organisation's days for every customer: each day's openings are computed once per
// distinct window setup (zone, days, hours, holidays, recipient zones). Bounded; pure.
const OPENINGS_LIMIT = 10_000;
const openingsBySetup = new Map<string, Map<LocalDate, Interval[]>>();

function openingsFor(
  settings: WindowSettings,
  recipientZones: readonly string[],
): Map<LocalDate, Interval[]> {
  const { sendWindow, recipientWindow } = settings;
  const key =
    `${settings.timeZone}|${settings.sendDays.join(',')}|${settings.holidayCountry ?? ''}|` +
    `${sendWindow.start}-${sendWindow.end}|${recipientWindow.start}-${recipientWindow.end}|${recipientZones.join(',')}`;
  let openings = openingsBySetup.get(key);
  if (openings === undefined) {
    if (openingsBySetup.size >= OPENINGS_LIMIT) openingsBySetup.clear();
    openings = new Map();
    openingsBySetup.set(key, openings);
  }
  return openings;
}
