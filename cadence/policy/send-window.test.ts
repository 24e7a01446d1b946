import { describe, expect, it } from 'vitest';
import { defaultCadenceSettings } from '../settings/defaults.js';
import { nextSendOpening } from './send-window.js';
import { at, wall } from './test-builders.js';

const org = (timeZone: string, country: string) => defaultCadenceSettings({ timeZone, country });

describe('nextSendOpening: Mon–Fri 09:00–17:00 in the organisation zone, public holidays skipped', () => {
  const nz = org('Pacific/Auckland', 'NZ');
  it.each([
    ['inside the window: now', '2026-12-07T10:00', '2026-12-07T10:00'],
    ['before opening: 09:00 the same day', '2026-12-07T08:00', '2026-12-07T09:00'],
    ['at closing (end is exclusive): next morning', '2026-12-07T17:00', '2026-12-08T09:00'],
    ['Friday evening: Monday 09:00', '2026-12-11T18:00', '2026-12-14T09:00'],
    ['Saturday: Monday 09:00', '2026-12-12T11:00', '2026-12-14T09:00'],
    ['Christmas, Boxing Day and its Monday substitute skipped', '2026-12-24T17:30', '2026-12-29T09:00'],
    ['New Year and its substitute Monday skipped', '2026-12-31T17:30', '2027-01-05T09:00'],
    ['Good Friday, Easter Monday and the end of NZ daylight saving', '2026-04-02T17:30', '2026-04-07T09:00'],
    ['start of NZ daylight saving (Sun 27 Sep)', '2026-09-25T18:00', '2026-09-28T09:00'],
  ])('%s', (_name, from, expected) => {
    const opening = nextSendOpening(nz, at(from));
    expect(opening && wall(opening)).toBe(expected);
  });

  it.each([
    ['America/New_York', 'US', '2026-03-06T18:00', '2026-03-09T13:00:00.000Z'], // spring forward: 09:00 EDT
    ['America/New_York', 'US', '2026-10-30T18:00', '2026-11-02T14:00:00.000Z'], // fall back: 09:00 EST
    ['America/New_York', 'US', '2026-11-25T17:30', '2026-11-27T14:00:00.000Z'], // Thanksgiving skipped
    ['Europe/London', 'GB', '2026-03-27T17:00', '2026-03-30T08:00:00.000Z'], // BST starts Sun 29 Mar
    ['Europe/London', 'GB', '2026-10-23T17:00', '2026-10-26T09:00:00.000Z'], // BST ends Sun 25 Oct
    ['Europe/London', 'GB', '2026-04-02T17:30', '2026-04-07T08:00:00.000Z'], // Good Friday, Easter Monday
    ['Pacific/Auckland', 'NZ', '2026-04-02T17:30', '2026-04-06T21:00:00.000Z'], // NZST after DST ends
  ])('%s from %s local → %s', (zone, country, from, expected) => {
    expect(nextSendOpening(org(zone, country), at(from, zone))?.toISOString()).toBe(expected);
  });

  it('a window start that falls in the spring-forward gap moves forward by the jump', () => {
    const s = {
      ...org('America/New_York', 'US'),
      sendDays: ['sun' as const],
      sendWindow: { start: '02:30', end: '05:00' },
    };
    // 02:30 does not exist on 8 Mar 2026 in New York; luxon reads it as 03:30 EDT (07:30Z).
    expect(nextSendOpening(s, at('2026-03-08T00:00', 'America/New_York'))?.toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });

  it('no holidays are skipped when holidayCountry is null', () => {
    const opening = nextSendOpening({ ...nz, holidayCountry: null }, at('2026-12-24T17:30'));
    expect(opening && wall(opening)).toBe('2026-12-25T09:00');
  });
});

describe('nextSendOpening with the recipient window (08:00–21:00 recipient-local) for calls and SMS', () => {
  const nz = org('Pacific/Auckland', 'NZ');
  it.each([
    [
      'recipient in Los Angeles: whole NZ window allowed',
      ['America/Los_Angeles'],
      '2026-12-07T09:00',
      '2026-12-07T09:00',
    ],
    [
      'recipient in London: only 09:00–10:00 NZ overlaps',
      ['Europe/London'],
      '2026-12-07T09:30',
      '2026-12-07T09:30',
    ],
    [
      'recipient in London, after the overlap: next day 09:00',
      ['Europe/London'],
      '2026-12-07T10:30',
      '2026-12-08T09:00',
    ],
  ])('%s', (_name, zones, from, expected) => {
    const opening = nextSendOpening(nz, at(from), zones);
    expect(opening && wall(opening)).toBe(expected);
  });

  it('a US number with no known zone waits until 08:00 in Honolulu (13:00 in New York)', () => {
    const ny = org('America/New_York', 'US');
    const zones = ['America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu'];
    expect(nextSendOpening(ny, at('2026-12-07T09:00', 'America/New_York'), zones)?.toISOString()).toBe(
      '2026-12-07T18:00:00.000Z',
    );
  });

  it('returns null when the windows never overlap', () => {
    expect(nextSendOpening(nz, at('2026-12-07T09:00'), ['Europe/Berlin'])).toBeNull();
  });
});
