import { describe, expect, it } from 'vitest';
import { defaultCadenceSettings } from './defaults.js';
import { CadenceSettingsSchema, type CadenceSettings } from './schema.js';

const numbers = { smsFrom: '+64211234567', callerNumber: '+6493001234' };
const base = defaultCadenceSettings({ timeZone: 'Pacific/Auckland', country: 'NZ', ...numbers });

function errorsOf(settings: unknown): Record<string, string> {
  const result = CadenceSettingsSchema.safeParse(settings);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('defaultCadenceSettings', () => {
  it('is the cadence of DESIGN.md', () => {
    expect(base.steps.map((s) => [s.dayOffset, s.channels.join('+'), s.fallback, s.tone])).toEqual([
      [7, 'email', null, 'helpful'],
      [14, 'call', 'sms', 'curious'],
      [21, 'email+sms', null, 'professional'],
      [28, 'call', null, 'serious'],
    ]);
    expect(base.afterFinalStep).toEqual({
      mode: 'repeat',
      everyDays: 7,
      channels: ['email', 'sms'],
      tone: 'firm',
    });
    expect([base.minGapDays, base.sendDays, base.sendWindow, base.recipientWindow]).toEqual([
      5,
      ['mon', 'tue', 'wed', 'thu', 'fri'],
      { start: '09:00', end: '17:00' },
      { start: '08:00', end: '21:00' },
    ]);
    expect([base.holidayCountry, base.language, base.backlogPolicy, base.mode, base.autopilot]).toEqual([
      'NZ',
      'en',
      'newly_overdue',
      'autopilot',
      true,
    ]);
  });

  it('starts with autopilot off (and valid) when no sender numbers are known yet', () => {
    const s = defaultCadenceSettings({ timeZone: 'Europe/Paris', country: 'fr', language: 'fr' });
    expect([s.autopilot, s.holidayCountry, s.language]).toEqual([false, 'FR', 'fr']);
    expect(errorsOf({ ...s, autopilot: true })).toEqual({
      smsFrom: 'is required: a step sends SMS',
      callerNumber: 'is required: a step makes automated calls',
    });
  });

  it('has no holiday calendar for a country date-holidays does not know', () => {
    expect(defaultCadenceSettings({ timeZone: 'UTC', country: 'XX' }).holidayCountry).toBeNull();
  });

  it('refuses an unknown time zone', () => {
    expect(() => defaultCadenceSettings({ timeZone: 'Mars/Olympus', country: 'NZ' })).toThrow(/IANA/);
  });
});

describe('CadenceSettingsSchema refuses settings that cannot work, naming the field', () => {
  const step = (i: number) => base.steps[i] as CadenceSettings['steps'][number];
  it.each<[string, unknown, Record<string, string>]>([
    [
      'window end before start',
      { ...base, sendWindow: { start: '17:00', end: '09:00' } },
      { 'sendWindow.end': 'must be after start (17:00)' },
    ],
    [
      'recipient window end equal to start',
      { ...base, recipientWindow: { start: '08:00', end: '08:00' } },
      { 'recipientWindow.end': 'must be after start (08:00)' },
    ],
    [
      'malformed time',
      { ...base, sendWindow: { start: '9am', end: '17:00' } },
      { 'sendWindow.start': 'must be a time of day as HH:MM (24-hour)' },
    ],
    [
      'offsets not strictly increasing',
      { ...base, steps: [step(0), { ...step(1), dayOffset: 7 }, step(2), step(3)] },
      { 'steps.1.dayOffset': 'must be after the previous step (day 7)' },
    ],
    [
      'steps closer than minGapDays',
      { ...base, steps: [step(0), { ...step(1), dayOffset: 10 }, step(2), step(3)] },
      { 'steps.1.dayOffset': 'must be at least minGapDays (5) after the previous step (day 7)' },
    ],
    [
      'unknown time zone',
      { ...base, timeZone: 'Europe/Atlantis' },
      { timeZone: 'is not a known IANA time zone' },
    ],
    [
      'unknown holiday country',
      { ...base, holidayCountry: 'ZZ' },
      { holidayCountry: 'is not a country known to the holiday calendar' },
    ],
    [
      'SMS step with no SMS sender number',
      { ...base, smsFrom: null },
      { smsFrom: 'is required: a step sends SMS' },
    ],
    [
      'call step with no caller number',
      { ...base, callerNumber: null },
      { callerNumber: 'is required: a step makes automated calls' },
    ],
    [
      'a sender number that is not E.164',
      { ...base, smsFrom: '021 123 4567' },
      { smsFrom: 'must be a valid phone number in E.164 form, e.g. +14155550142' },
    ],
    [
      // Right length for +1, so libphonenumber's 'min' metadata passed it; no area has 671-449 numbers, and the
      // cadence, which reads numbers with the full metadata, would never have texted from it.
      'a sender number the numbering plan does not have',
      { ...base, smsFrom: '+16714492965' },
      { smsFrom: 'must be a valid phone number in E.164 form, e.g. +14155550142' },
    ],
    [
      'repeat more often than minGapDays',
      { ...base, afterFinalStep: { ...base.afterFinalStep, everyDays: 3 } },
      { 'afterFinalStep.everyDays': 'must be at least minGapDays (5)' },
    ],
    [
      'repeat with no channel',
      { ...base, afterFinalStep: { ...base.afterFinalStep, channels: [] } },
      { 'afterFinalStep.channels': 'choose at least one channel' },
    ],
    ['no send day', { ...base, sendDays: [] }, { sendDays: 'choose at least one day' }],
    [
      'a step with no channel',
      { ...base, steps: [{ ...step(0), channels: [] }, step(1), step(2), step(3)] },
      { 'steps.0.channels': 'choose at least one channel' },
    ],
    [
      'a float amount as minimum',
      { ...base, minimumAmount: { NZD: 20.5 } },
      { 'minimumAmount.NZD': 'Invalid input: expected string, received number' },
    ],
    [
      'a bad currency code',
      { ...base, minimumAmount: { nzd: '20.00' } },
      { 'minimumAmount.nzd': 'currency must be a 3-letter ISO code' },
    ],
    ['a bad reply-to', { ...base, replyTo: 'accounts' }, { replyTo: 'must be an email address' }],
  ])('%s', (_name, settings, expected) => {
    expect(errorsOf(settings)).toEqual(expected);
  });

  it('accepts the defaults with a repeat of 7 days and a minimum per currency', () => {
    expect(
      errorsOf({ ...base, minimumAmount: { NZD: '20.00', USD: '15' }, replyTo: 'ar@kowhai.example' }),
    ).toEqual({});
  });

  it('defaults the fallback of a call step to SMS when omitted', () => {
    const parsed = CadenceSettingsSchema.parse({
      ...base,
      steps: [{ dayOffset: 7, channels: ['call'], tone: 'helpful' }],
    });
    expect(parsed.steps[0]?.fallback).toBe('sms');
  });
});
