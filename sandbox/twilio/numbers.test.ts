import { describe, expect, it } from 'vitest';
import { generateCompany } from '../books/generate.js';
import { INVALID_PHONES } from '../books/people.js';
import { countSegments, isValidNumber } from './numbers.js';

describe('isValidNumber', () => {
  const company = generateCompany({
    id: '1',
    provider: 'quickbooks',
    name: 'Phones',
    country: 'GB',
    currency: 'GBP',
    timeZone: 'Europe/London',
    seed: 7,
    invoices: 5_000,
    asOf: '2026-01-15',
  });
  const numbers = company.customers
    .flatMap((c) => [c.mobile, c.landline])
    .filter((n): n is string => n !== null);

  it('accepts every well-formed number the generator makes, so only the deliberate junk gets 21211', () => {
    const invalid = numbers.filter((n) => !isValidNumber(n));
    expect(invalid.length).toBeGreaterThan(0);
    expect(new Set(invalid).size).toBeLessThanOrEqual(INVALID_PHONES.length);
    for (const n of invalid) expect(INVALID_PHONES).toContain(n);
  });

  it.each(['+64215550101', '+447911123456', '+12125550123', '+61491570156', '+33612345678', '+14165550123'])(
    'accepts %s',
    (n) => expect(isValidNumber(n)).toBe(true),
  );
  it.each(['12345', '(415) 555-0142', '+1555', '+44 20 7946 0123', ''])('refuses %j', (n) =>
    expect(isValidNumber(n)).toBe(false),
  );
});

describe('countSegments', () => {
  it.each([
    ['a'.repeat(160), 1],
    ['a'.repeat(161), 2],
    ['€'.repeat(80), 1],
    ['€'.repeat(81), 2],
    ['Zoë'.repeat(23), 1],
    ['Zoë'.repeat(24), 2],
    ['Ōtautahi', 1],
  ])('%j takes %i segment(s)', (body, segments) => expect(countSegments(body)).toBe(segments));
});
