import type { QboClient } from './client.js';
import { countryCode } from './country.js';
import { CompanyInfoSchema, PreferencesSchema } from './schemas.js';

export interface CompanyProfile {
  name: string;
  /** ISO 3166 alpha-2, or null when QuickBooks gives nothing usable. */
  country: string | null;
  homeCurrency: string;
  timeZone: string;
  /** Where the time zone came from, shown on the settings page so the user can correct a guess. */
  timeZoneSource: 'company' | 'country' | 'default';
}

/**
 * The company's name, country, home currency and time zone, read at connect time (two calls).
 *
 * Time zone: the documented CompanyInfo and Preferences have none; the XSD's `CompanyInfo.DefaultTimeZone` is
 * used when present and a valid IANA name (reference §3.4). Otherwise the fallback is the main time zone of the
 * company's country (for the US and Canada, of its state or province), else America/New_York — and the settings
 * page lets the user correct it.
 */
export async function readCompanyProfile(client: QboClient): Promise<CompanyProfile> {
  const info = CompanyInfoSchema.parse(await client.get(`companyinfo/${encodeURIComponent(client.realmId)}`));
  const prefs = PreferencesSchema.safeParse(await client.get('preferences'));
  const company = info.CompanyInfo;
  const address = company.CompanyAddr ?? company.LegalAddr;
  const country = countryCode(company.Country) ?? countryCode(address?.Country);
  const homeCurrency =
    (prefs.success && prefs.data.Preferences.CurrencyPrefs?.HomeCurrency?.value) || currencyOf(country);
  const zone = resolveTimeZone(company.DefaultTimeZone, country, address?.CountrySubDivisionCode);
  return { name: company.CompanyName, country, homeCurrency, ...zone };
}

export function resolveTimeZone(
  declared: string | undefined,
  country: string | null,
  region: string | undefined,
): Pick<CompanyProfile, 'timeZone' | 'timeZoneSource'> {
  if (declared && isIanaZone(declared)) return { timeZone: declared, timeZoneSource: 'company' };
  const byRegion = country && region ? REGION_ZONES[`${country}-${region.toUpperCase()}`] : undefined;
  const byCountry = country ? COUNTRY_ZONES[country] : undefined;
  if (byRegion ?? byCountry) return { timeZone: (byRegion ?? byCountry)!, timeZoneSource: 'country' };
  return { timeZone: 'America/New_York', timeZoneSource: 'default' };
}

function isIanaZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name.includes('/') || name === 'UTC';
  } catch {
    return false;
  }
}

function currencyOf(country: string | null): string {
  return (country && COUNTRY_CURRENCIES[country]) || 'USD';
}

const COUNTRY_ZONES: Record<string, string> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  AU: 'Australia/Sydney',
  NZ: 'Pacific/Auckland',
  FR: 'Europe/Paris',
  IN: 'Asia/Kolkata',
  ZA: 'Africa/Johannesburg',
  SG: 'Asia/Singapore',
  HK: 'Asia/Hong_Kong',
  AE: 'Asia/Dubai',
  MX: 'America/Mexico_City',
  BR: 'America/Sao_Paulo',
  DE: 'Europe/Berlin',
  ES: 'Europe/Madrid',
  IT: 'Europe/Rome',
  NL: 'Europe/Amsterdam',
  BE: 'Europe/Brussels',
  CH: 'Europe/Zurich',
  PH: 'Asia/Manila',
  MY: 'Asia/Kuala_Lumpur',
};

const COUNTRY_CURRENCIES: Record<string, string> = {
  US: 'USD',
  CA: 'CAD',
  GB: 'GBP',
  IE: 'EUR',
  AU: 'AUD',
  NZ: 'NZD',
  FR: 'EUR',
  IN: 'INR',
  ZA: 'ZAR',
  SG: 'SGD',
};

/** US states and Canadian provinces outside their country's default zone. */
const REGION_ZONES: Record<string, string> = Object.fromEntries<string>([
  ...['IL', 'TX', 'MN', 'WI', 'IA', 'MO', 'AR', 'LA', 'MS', 'AL', 'OK', 'KS', 'NE', 'SD', 'ND', 'TN'].map(
    (s): [string, string] => [`US-${s}`, 'America/Chicago'],
  ),
  ...['CO', 'NM', 'UT', 'WY', 'MT', 'ID'].map((s): [string, string] => [`US-${s}`, 'America/Denver']),
  ['US-AZ', 'America/Phoenix'],
  ...['CA', 'WA', 'OR', 'NV'].map((s): [string, string] => [`US-${s}`, 'America/Los_Angeles']),
  ['US-AK', 'America/Anchorage'],
  ['US-HI', 'Pacific/Honolulu'],
  ['CA-BC', 'America/Vancouver'],
  ['CA-AB', 'America/Edmonton'],
  ['CA-SK', 'America/Regina'],
  ['CA-MB', 'America/Winnipeg'],
  ['CA-NS', 'America/Halifax'],
  ['CA-NB', 'America/Moncton'],
  ['CA-NL', 'America/St_Johns'],
] satisfies [string, string][]);
