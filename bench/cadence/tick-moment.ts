import { DateTime } from 'luxon';
import { addDays, atLocalTime, localDateOf } from '../../cadence/policy/calendar.js';
import { isPublicHoliday } from '../../cadence/policy/holidays.js';
import type { Region } from '../sync/fleet-protocol.js';

const REGIONS: Region[] = [
  { country: 'GB', timeZone: 'Europe/London', currency: 'GBP' },
  { country: 'NZ', timeZone: 'Pacific/Auckland', currency: 'NZD' },
];

/**
 * Calls and SMS are refused outside 08:00–21:00 where the recipient is, on the real clock at the moment of
 * sending (cadence/channels/recipient-hours.ts). So the tick's businesses and customers are put where the next
 * quarter hour is inside that window: the UK by day (UTC), New Zealand by night. Between ~07:45 and 08:05 UTC
 * neither fits and the one with the most time left is taken (its calls may then be refused, and the bench says so).
 */
export function chooseRegion(now: Date): Region {
  const margin = (r: Region) => {
    const local = DateTime.fromJSDate(now, { zone: r.timeZone });
    const minute = local.hour * 60 + local.minute;
    return Math.min(minute - 8 * 60, 21 * 60 - 15 - minute);
  };
  return [...REGIONS].sort((a, b) => margin(b) - margin(a))[0]!;
}

/**
 * The tick's scheduled time: 10:00 local on the first working day (Monday–Friday, not a public holiday of the
 * region) from today in the region, inside the default send window (09:00–17:00). The runner decides everything
 * from this instant, as from a cron tick's scheduled time.
 */
export function tickMoment(region: Region, now: Date): { localDate: string; at: Date } {
  let date = localDateOf(now, region.timeZone);
  for (;;) {
    const weekday = DateTime.fromISO(date, { zone: region.timeZone }).weekday;
    if (weekday <= 5 && !isPublicHoliday(region.country, date)) break;
    date = addDays(date, 1);
  }
  return { localDate: date, at: atLocalTime(date, '10:00', region.timeZone) };
}
