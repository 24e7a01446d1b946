import { describe, expect, it } from 'vitest';
import { defaultCadenceSettings } from './defaults.js';
import { parseSettingsPatch, type SettingsPatchResult } from './patch.js';

const current = defaultCadenceSettings({
  timeZone: 'Pacific/Auckland',
  country: 'NZ',
  smsFrom: '+64211234567',
  callerNumber: '+6493001234',
});
const snapshot = structuredClone(current);

function errors(result: SettingsPatchResult): Record<string, string> {
  return result.ok ? {} : Object.fromEntries(result.errors.map((e) => [e.field, e.message]));
}

describe('parseSettingsPatch', () => {
  it('applies key=value pairs and leaves the current settings untouched', () => {
    const result = parseSettingsPatch(current, {
      'steps.1.tone': 'serious',
      'sendWindow.start': '08:30',
      sendDays: 'mon, tue,wed',
      minGapDays: '6',
      'afterFinalStep.everyDays': '10',
      'minimumAmount.NZD': '20.00',
      autopilot: 'off',
      replyTo: 'ar@kowhai.example',
      'steps.2.channels': 'email',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const s = result.settings;
    expect([s.steps[1]?.tone, s.sendWindow, s.sendDays, s.minGapDays, s.afterFinalStep.everyDays]).toEqual([
      'serious',
      { start: '08:30', end: '17:00' },
      ['mon', 'tue', 'wed'],
      6,
      10,
    ]);
    expect([s.minimumAmount, s.autopilot, s.replyTo, s.steps[2]?.channels]).toEqual([
      { NZD: '20.00' },
      false,
      'ar@kowhai.example',
      ['email'],
    ]);
    expect(current).toEqual(snapshot);
  });

  it('clears a nullable field and removes a minimum with an empty value', () => {
    const withMinimum = parseSettingsPatch(current, { 'minimumAmount.NZD': '20.00' });
    if (!withMinimum.ok) throw new Error('setup');
    const result = parseSettingsPatch(withMinimum.settings, { 'minimumAmount.NZD': '', senderName: '' });
    expect(result.ok && [result.settings.minimumAmount, result.settings.senderName]).toEqual([{}, null]);
  });

  it('appends a step given all its fields, and removes one with an empty value', () => {
    const added = parseSettingsPatch(current, {
      'steps.4.dayOffset': '35',
      'steps.4.channels': 'call_task',
      'steps.4.tone': 'firm',
    });
    expect(added.ok && added.settings.steps.map((s) => s.dayOffset)).toEqual([7, 14, 21, 28, 35]);
    const removed = parseSettingsPatch(current, { 'steps.3': '' });
    expect(removed.ok && removed.settings.steps.map((s) => s.dayOffset)).toEqual([7, 14, 21]);
  });

  it.each<[string, Record<string, string>, Record<string, string>]>([
    [
      'window end before start',
      { 'sendWindow.end': '08:00' },
      { 'sendWindow.end': 'must be after start (09:00)' },
    ],
    [
      'offsets not increasing',
      { 'steps.2.dayOffset': '14' },
      { 'steps.2.dayOffset': 'must be after the previous step (day 14)' },
    ],
    ['unknown time zone', { timeZone: 'Mars/Base' }, { timeZone: 'is not a known IANA time zone' }],
    ['SMS step with no sender number', { smsFrom: '' }, { smsFrom: 'is required: a step sends SMS' }],
    [
      'repeat more often than the gap',
      { 'afterFinalStep.everyDays': '2' },
      { 'afterFinalStep.everyDays': 'must be at least minGapDays (5)' },
    ],
    [
      'an unknown day in a list',
      { sendDays: 'mon,funday' },
      { sendDays: 'Invalid option: expected one of "mon"|"tue"|"wed"|"thu"|"fri"|"sat"|"sun" (item 2)' },
    ],
    ['not a number', { minGapDays: 'five' }, { minGapDays: 'must be a whole number' }],
    ['not a boolean', { autopilot: 'maybe' }, { autopilot: 'must be true or false' }],
    ['an unknown key', { colour: 'blue' }, { colour: 'is not a setting' }],
    [
      'a step that does not exist',
      { 'steps.9.tone': 'firm' },
      { 'steps.9.tone': 'no step 9: steps are numbered from 0 to 3, and 4 adds one' },
    ],
    [
      'a new step missing fields',
      { 'steps.4.dayOffset': '35' },
      {
        'steps.4.channels': 'Invalid input: expected array, received undefined',
        'steps.4.tone': 'Invalid option: expected one of "helpful"|"curious"|"professional"|"serious"|"firm"',
      },
    ],
    [
      'several problems at once',
      { 'sendWindow.end': '08:00', timeZone: 'Mars/Base', minGapDays: 'x' },
      {
        minGapDays: 'must be a whole number',
        'sendWindow.end': 'must be after start (09:00)',
        timeZone: 'is not a known IANA time zone',
      },
    ],
  ])('refuses %s, naming the field, and applies nothing', (_name, patch, expected) => {
    const result = parseSettingsPatch(current, patch);
    expect(errors(result)).toEqual(expected);
    expect(current).toEqual(snapshot);
  });
});
