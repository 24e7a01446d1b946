import { describe, expect, it } from 'vitest';
import { recipientZones } from './recipient-zone.js';

describe('recipientZones: where the 08:00–21:00 rule is measured', () => {
  it.each<[string, { timeZone: string | null; country: string | null }, string | null, string[]]>([
    [
      'the customer zone when known',
      { timeZone: 'Europe/London', country: 'NZ' },
      '+64211234567',
      ['Europe/London'],
    ],
    [
      'a single-zone country from the number',
      { timeZone: null, country: null },
      '+33612345678',
      ['Europe/Paris'],
    ],
    [
      'a national number read in the customer country',
      { timeZone: null, country: 'NZ' },
      '021 123 4567',
      ['Pacific/Auckland'],
    ],
    [
      'every populated zone of a large country',
      { timeZone: null, country: null },
      '+14155550142',
      [
        'America/New_York',
        'America/Chicago',
        'America/Denver',
        'America/Phoenix',
        'America/Los_Angeles',
        'America/Anchorage',
        'Pacific/Honolulu',
      ],
    ],
    [
      'an invalid customer zone is ignored',
      { timeZone: 'Nowhere/City', country: null },
      '+33612345678',
      ['Europe/Paris'],
    ],
    [
      "the organisation's zone as a last resort",
      { timeZone: null, country: null },
      'call reception',
      ['Pacific/Auckland'],
    ],
    ['no phone at all', { timeZone: null, country: null }, null, ['Pacific/Auckland']],
  ])('%s', (_name, customer, phone, expected) => {
    expect(recipientZones(customer, phone, 'Pacific/Auckland')).toEqual(expected);
  });
});
