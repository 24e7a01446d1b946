import { describe, expect, it } from 'vitest';
import { WINDOWS_TO_IANA_MAP } from 'windows-iana';
import { loadXeroSchemas } from './testing/schema.js';
import { windowsToXeroEnum, xeroTimeZone } from './timezone.js';

describe('xeroTimeZone', () => {
  it('renders IANA zones as the Windows names of Xero’s TimeZone enum', () => {
    expect(xeroTimeZone('Pacific/Auckland')).toBe('NEWZEALANDSTANDARDTIME');
    expect(xeroTimeZone('Europe/London')).toBe('GMTSTANDARDTIME');
    expect(xeroTimeZone('Australia/Sydney')).toBe('AUSEASTERNSTANDARDTIME');
    expect(xeroTimeZone('America/Los_Angeles')).toBe('PACIFICSTANDARDTIME');
    expect(xeroTimeZone('Europe/Paris')).toBe('ROMANCESTANDARDTIME');
    expect(xeroTimeZone('Etc/UTC')).toBe('UTC');
  });

  it('maps every Windows zone CLDR knows onto a value of the enum', () => {
    const enumValues = new Set(loadXeroSchemas().TimeZone?.enum as string[]);
    const windowsNames = new Set(WINDOWS_TO_IANA_MAP.map((entry) => entry.windowsName));
    expect(windowsNames.size).toBeGreaterThan(100);
    const unknown = [...windowsNames].map(windowsToXeroEnum).filter((name) => !enumValues.has(name));
    expect(unknown).toEqual([]);
  });
});
