import { DateTime } from 'luxon';
import type { Db } from '../../server/db/connect.js';
import { recipientZones } from '../policy/recipient-zone.js';

/** Calls and SMS only between 08:00 and 21:00 where the recipient is (TCPA quiet hours, Reg F). */
const OPEN_MINUTE = 8 * 60;
const CLOSE_MINUTE = 21 * 60;

/** Is `instant` inside 08:00–21:00 in every one of `zones` (a multi-zone country counts all of them)? */
export function withinRecipientHours(zones: readonly string[], instant: Date): boolean {
  return zones.every((zone) => {
    const local = DateTime.fromJSDate(instant, { zone });
    const minute = local.hour * 60 + local.minute;
    return minute >= OPEN_MINUTE && minute < CLOSE_MINUTE;
  });
}

/** The first quarter hour from `instant` at which every zone is inside the window (searches two days). */
export function nextRecipientOpening(zones: readonly string[], instant: Date): Date | null {
  const step = 15 * 60_000;
  const start = Math.ceil(instant.getTime() / step) * step;
  for (let t = start; t <= start + 48 * 3_600_000; t += step) {
    if (withinRecipientHours(zones, new Date(t))) return new Date(t);
  }
  return null;
}

/**
 * The double check before dialling or texting: the planner already chose an allowed time, but a queue, a retry
 * or a slow run can push the actual send past 21:00. Returns null when allowed, else why and how long to wait.
 */
export async function recipientHoursRefusal(
  db: Db,
  message: { organisationId: string; customerId: string; to: string },
  now: Date,
): Promise<{ zones: string[]; retryAfterMs: number } | null> {
  const row = await db
    .selectFrom('customer')
    .innerJoin('organisation', 'organisation.id', 'customer.organisation_id')
    .select(['customer.time_zone', 'customer.country', 'organisation.time_zone as org_zone'])
    .where('customer.id', '=', message.customerId)
    .where('customer.organisation_id', '=', message.organisationId)
    .executeTakeFirst();
  const zones = row
    ? recipientZones({ timeZone: row.time_zone, country: row.country }, message.to, row.org_zone)
    : recipientZones({ timeZone: null, country: null }, message.to, 'UTC');
  if (withinRecipientHours(zones, now)) return null;
  const opening = nextRecipientOpening(zones, now);
  return { zones, retryAfterMs: opening ? opening.getTime() - now.getTime() : 12 * 3_600_000 };
}
