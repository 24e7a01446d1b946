import { describe, expect, it } from 'vitest';
import { looksMobile, maskPhone } from './contacts.js';

/**
 * Most books store phones without a type. The planner texts a number only if it may be a mobile; the full
 * numbering plan tells fixed lines apart for most countries. The 'min' metadata used before missed many (every
 * New Zealand landline), which were texted once, failed at Twilio, and only then were marked landlines.
 */
describe('looksMobile: may an untyped number take an SMS?', () => {
  it.each([
    ['09 555 0199', 'NZ', false],
    ['+6495550199', null, false],
    ['020 7946 0321', 'GB', false],
    ['+61 2 9374 4000', null, false],
    ['+1 800 555 0199', null, false],
  ] as const)('%s (%s) is a fixed or toll-free line: no', (value, country, expected) => {
    expect(looksMobile(value, country)).toBe(expected);
  });

  it.each([
    ['021 555 0123', 'NZ'],
    ['0412 345 678', 'AU'],
    // North American numbers do not say: Twilio's not_mobile answer settles it after the first try.
    ['(415) 555-0142', 'US'],
  ] as const)('%s (%s) is or may be a mobile: yes', (value, country) => {
    expect(looksMobile(value, country)).toBe(true);
  });

  it('masks a number for notes without hiding which country it is', () => {
    expect(maskPhone('+64215550123')).toBe('+64 21 *** 123');
  });
});
