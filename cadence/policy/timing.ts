import type { CadenceSettings } from '../settings/schema.js';
import { addDays, localDateOf } from './calendar.js';
import type { ChannelResolution } from './channels.js';
import { recipientZones } from './recipient-zone.js';
import { nextSendOpening } from './send-window.js';
import type { CustomerCadenceInput, LocalDate } from './types.js';

const PHONE_CHANNELS = new Set(['sms', 'call', 'call_task']);

/**
 * The local date from which the minimum gap (and the one-a-day rule, since minGapDays ≥ 1) allows another
 * touchpoint, and the local date of the last one. Every touchpoint counts, including failed and unknown ones
 * (an unknown delivery may have reached the customer); only a touchpoint skipped in approve-first does not.
 */
export function gapOpensOn(
  input: CustomerCadenceInput,
  settings: CadenceSettings,
): { date: LocalDate; last: LocalDate } | null {
  const counted = input.touchpoints.filter((t) => t.outcome !== 'skipped' && Number.isFinite(t.at.getTime()));
  if (counted.length === 0) return null;
  const last = localDateOf(new Date(Math.max(...counted.map((t) => t.at.getTime()))), settings.timeZone);
  return { date: addDays(last, settings.minGapDays), last };
}

/**
 * The earliest allowed instant from `from` for these channels; phone channels also need the recipient's hours.
 * `recipientLater` says the recipient's hours, not the organisation's window, are what pushed it later (a US
 * number must be inside 08:00–21:00 in every US zone, Hawaii's included).
 */
export function planSendTime(
  input: CustomerCadenceInput,
  settings: CadenceSettings,
  from: Date,
  channels: ChannelResolution,
): { at: Date | null; channels: ChannelResolution; recipientLater: boolean } {
  const phoneChannels = channels.channels.filter((c) => PHONE_CHANNELS.has(c));
  const ownOpening = nextSendOpening(settings, from);
  if (phoneChannels.length === 0) return { at: ownOpening, channels, recipientLater: false };
  const zones = recipientZones(
    input.customer,
    channels.recipients.phone ?? channels.recipients.sms,
    settings.timeZone,
  );
  const at = nextSendOpening(settings, from, zones);
  if (at !== null) {
    const recipientLater = ownOpening !== null && at.getTime() > ownOpening.getTime();
    return { at, channels, recipientLater };
  }
  // The organisation's hours never meet the recipient's: keep only the channels that do not ring a phone.
  const kept: ChannelResolution = {
    ...channels,
    channels: channels.channels.filter((c) => !PHONE_CHANNELS.has(c)),
    fallback: null,
    removed: [
      ...channels.removed,
      ...phoneChannels.map((channel) => ({ channel, reason: 'outside_recipient_hours' as const })),
    ],
  };
  return { at: kept.channels.length > 0 ? ownOpening : null, channels: kept, recipientLater: false };
}
