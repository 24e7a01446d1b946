import { CadenceSettingsSchema, type CadenceSettings, type Language } from './schema.js';

export interface OrganisationBasics {
  /** IANA zone of the organisation (Xero's Windows names must be mapped before calling). */
  timeZone: string;
  /** ISO 3166 alpha-2; used as the holiday calendar when date-holidays knows it. */
  country: string;
  language?: Language;
  senderName?: string;
  /** E.164 numbers the platform sends SMS and places calls from, when known. */
  smsFrom?: string;
  callerNumber?: string;
}

/**
 * The default cadence of DESIGN.md ("The cadence"): day 7 email, day 14 call (SMS if unanswered), day 21
 * email + SMS, day 28 call, then email + SMS every 7 days.
 *
 * Autopilot starts on only when both sender numbers are known; otherwise it starts off (and the settings stay
 * valid) until the owner adds them. Throws only if `org` itself is invalid (e.g. an unknown time zone).
 */
export function defaultCadenceSettings(org: OrganisationBasics): CadenceSettings {
  const country = org.country.toUpperCase();
  const holidayCountry = CadenceSettingsSchema.shape.holidayCountry.safeParse(country);
  const smsFrom = org.smsFrom ?? null;
  const callerNumber = org.callerNumber ?? null;
  return CadenceSettingsSchema.parse({
    steps: [
      { dayOffset: 7, channels: ['email'], tone: 'helpful' },
      { dayOffset: 14, channels: ['call'], fallback: 'sms', tone: 'curious' },
      { dayOffset: 21, channels: ['email', 'sms'], tone: 'professional' },
      { dayOffset: 28, channels: ['call'], fallback: null, tone: 'serious' },
    ],
    afterFinalStep: { mode: 'repeat', everyDays: 7, channels: ['email', 'sms'], tone: 'firm' },
    minGapDays: 5,
    sendDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    sendWindow: { start: '09:00', end: '17:00' },
    recipientWindow: { start: '08:00', end: '21:00' },
    timeZone: org.timeZone,
    holidayCountry: holidayCountry.success ? holidayCountry.data : null,
    language: org.language ?? 'en',
    senderName: org.senderName ?? null,
    replyTo: null,
    smsFrom,
    callerNumber,
    minimumAmount: {},
    backlogPolicy: 'newly_overdue',
    mode: 'autopilot',
    autopilot: smsFrom !== null && callerNumber !== null,
  });
}
