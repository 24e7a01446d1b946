import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xeroTimeZoneToIana } from './timezone.js';

const ENUM = JSON.parse(
  readFileSync(new URL('../../test/fixtures/xero/timezone-enum.json', import.meta.url), 'utf8'),
) as string[];

describe('Xero time zones (Windows names squashed into an enum) → IANA', () => {
  it('maps the common ones', () => {
    expect(xeroTimeZoneToIana('NEWZEALANDSTANDARDTIME')).toBe('Pacific/Auckland');
    expect(xeroTimeZoneToIana('GMTSTANDARDTIME')).toBe('Europe/London');
    expect(xeroTimeZoneToIana('AUSEASTERNSTANDARDTIME')).toBe('Australia/Sydney');
    expect(xeroTimeZoneToIana('PACIFICSTANDARDTIME')).toBe('America/Los_Angeles');
    expect(xeroTimeZoneToIana('UTC')).toBe('Etc/UTC');
    expect(xeroTimeZoneToIana('UTC+12')).toBe('Etc/GMT-12');
    expect(xeroTimeZoneToIana('UTC02')).toBe('Etc/GMT+2');
    expect(xeroTimeZoneToIana('NOSUCHZONE')).toBeNull();
  });

  it('maps every value of the TimeZone enum in xero_accounting.yaml to a zone Intl knows', () => {
    const unmapped = ENUM.filter((name) => {
      const iana = xeroTimeZoneToIana(name);
      if (!iana) return true;
      try {
        new Intl.DateTimeFormat('en', { timeZone: iana });
        return false;
      } catch {
        return true;
      }
    });
    expect(unmapped).toEqual([]);
  });
});
