import Holidays from 'date-holidays';
import { isKnownZone } from './time-zone.js';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import * as z from 'zod';

/** Channels a step can use. `call` is an automated call; `call_task` asks a person to ring the customer. */
export const CHANNELS = ['email', 'sms', 'call', 'call_task'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TONES = ['helpful', 'curious', 'professional', 'serious', 'firm'] as const;
export type Tone = (typeof TONES)[number];

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Weekdays in ISO order (luxon `weekday` 1 = mon … 7 = sun). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DECIMAL = /^\d{1,12}(\.\d{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;

const TimeOfDaySchema = z.string().regex(HH_MM, 'must be a time of day as HH:MM (24-hour)');

const WindowSchema = z.object({ start: TimeOfDaySchema, end: TimeOfDaySchema }).superRefine((w, ctx) => {
  // 'HH:MM' strings compare correctly as text; a malformed one already has its own error.
  if (HH_MM.test(w.start) && HH_MM.test(w.end) && w.end <= w.start)
    ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after start (${w.start})` });
});
export type TimeWindow = z.infer<typeof WindowSchema>;

const E164Schema = z
  .string()
  .refine(
    (v) => v.startsWith('+') && isValidPhoneNumber(v),
    'must be a valid phone number in E.164 form, e.g. +14155550142',
  );

const StepSchema = z
  .object({
    /** Day N = N calendar days after the due date, in the organisation's time zone. */
    dayOffset: z.number().int().min(1, 'must be at least 1').max(365, 'must be at most 365'),
    channels: z
      .array(z.enum(CHANNELS))
      .min(1, 'choose at least one channel')
      .refine((cs) => new Set(cs).size === cs.length, 'lists a channel twice'),
    /**
     * Used when an automated call cannot be made or is not answered. Omitted → 'sms' for steps with a call,
     * null otherwise. Ignored by steps without a call.
     */
    fallback: z.enum(['sms', 'email']).nullable().optional(),
    tone: z.enum(TONES),
  })
  .transform((s) => ({
    ...s,
    fallback: s.fallback === undefined ? (s.channels.includes('call') ? 'sms' : null) : s.fallback,
  }));
export type CadenceStep = z.infer<typeof StepSchema>;

const AfterFinalStepSchema = z.object({
  /** repeat: every `everyDays` after the last touch; collections: hand off once the final step is done; stop: nothing more. */
  mode: z.enum(['repeat', 'collections', 'stop']),
  everyDays: z.number().int().min(1, 'must be at least 1').max(90, 'must be at most 90'),
  channels: z.array(z.enum(CHANNELS)).refine((cs) => new Set(cs).size === cs.length, 'lists a channel twice'),
  tone: z.enum(TONES),
});

const holidayCountries = new Set(Object.keys(new Holidays().getCountries()));

/**
 * The cadence settings of one organisation (the settings page, `dunwise settings set`).
 *
 * minimumAmount is per currency (ISO code → decimal string, e.g. { NZD: '20.00' }): amounts in different
 * currencies are never converted or added (pitfall B15). A currency with no entry has no minimum. The minimum
 * applies to a customer's total overdue balance in that currency.
 *
 * Sender numbers are only required while autopilot is on, so that a freshly connected organisation with no
 * numbers yet still has valid (default) settings; turning autopilot on with an SMS or call step and no number
 * is refused on `smsFrom` / `callerNumber`.
 */
export const CadenceSettingsSchema = z
  .object({
    steps: z.array(StepSchema).min(1, 'needs at least one step').max(12, 'at most 12 steps'),
    afterFinalStep: AfterFinalStepSchema,
    minGapDays: z.number().int().min(1, 'must be at least 1').max(60, 'must be at most 60'),
    sendDays: z
      .array(z.enum(WEEKDAYS))
      .min(1, 'choose at least one day')
      .refine((ds) => new Set(ds).size === ds.length, 'lists a day twice'),
    sendWindow: WindowSchema,
    /** Calls and SMS only within this window in the recipient's local time (TCPA quiet hours). */
    recipientWindow: WindowSchema,
    timeZone: z.string().refine(isKnownZone, 'is not a known IANA time zone'),
    /** ISO 3166 country whose public holidays are skipped (date-holidays); null = none. */
    holidayCountry: z
      .string()
      .refine((c) => holidayCountries.has(c), 'is not a country known to the holiday calendar')
      .nullable(),
    language: z.enum(LANGUAGES),
    senderName: z.string().trim().max(100, 'must be at most 100 characters').nullable(),
    replyTo: z.email('must be an email address').nullable(),
    smsFrom: E164Schema.nullable(),
    callerNumber: E164Schema.nullable(),
    // Keys are checked in the refinement below, so the error names the key (`minimumAmount.nzd`).
    minimumAmount: z.record(z.string(), z.string().regex(DECIMAL, 'must be a decimal amount like 20.00')),
    backlogPolicy: z.enum(['newly_overdue', 'include_backlog']),
    mode: z.enum(['autopilot', 'approve_first']),
    autopilot: z.boolean(),
  })
  .superRefine((s, ctx) => {
    s.steps.forEach((step, i) => {
      const prev = s.steps[i - 1];
      if (prev === undefined) return;
      const path = ['steps', i, 'dayOffset'];
      if (step.dayOffset <= prev.dayOffset) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `must be after the previous step (day ${prev.dayOffset})`,
        });
      } else if (step.dayOffset - prev.dayOffset < s.minGapDays) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `must be at least minGapDays (${s.minGapDays}) after the previous step (day ${prev.dayOffset})`,
        });
      }
    });
    for (const currency of Object.keys(s.minimumAmount)) {
      if (!CURRENCY.test(currency)) {
        ctx.addIssue({
          code: 'custom',
          path: ['minimumAmount', currency],
          message: 'currency must be a 3-letter ISO code',
        });
      }
    }
    const after = s.afterFinalStep;
    if (after.mode === 'repeat') {
      if (after.everyDays < s.minGapDays) {
        ctx.addIssue({
          code: 'custom',
          path: ['afterFinalStep', 'everyDays'],
          message: `must be at least minGapDays (${s.minGapDays})`,
        });
      }
      if (after.channels.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['afterFinalStep', 'channels'],
          message: 'choose at least one channel',
        });
      }
    }
    if (!s.autopilot) return;
    const used = usedChannels(s);
    if (used.has('sms') && s.smsFrom === null) {
      ctx.addIssue({ code: 'custom', path: ['smsFrom'], message: 'is required: a step sends SMS' });
    }
    if (used.has('call') && s.callerNumber === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['callerNumber'],
        message: 'is required: a step makes automated calls',
      });
    }
  });

export type CadenceSettings = z.output<typeof CadenceSettingsSchema>;
/** What a caller may pass in (a step's `fallback` may be omitted). */
export type CadenceSettingsInput = z.input<typeof CadenceSettingsSchema>;

/** Every channel any step (including the repeat and call fallbacks) may use. */
export function usedChannels(s: Pick<CadenceSettings, 'steps' | 'afterFinalStep'>): Set<Channel> {
  const used = new Set<Channel>();
  for (const step of s.steps) {
    step.channels.forEach((c) => used.add(c));
    if (step.channels.includes('call') && step.fallback !== null) used.add(step.fallback);
  }
  if (s.afterFinalStep.mode === 'repeat') s.afterFinalStep.channels.forEach((c) => used.add(c));
  return used;
}
