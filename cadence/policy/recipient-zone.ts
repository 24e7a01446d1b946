import Holidays from 'date-holidays';
import { isKnownZone } from '../settings/time-zone.js';
import { readPhone } from './phone-number.js';

/**
 * Zones to respect for countries that span several: a call or SMS must fall inside the recipient window in all of
 * them, because the number alone does not tell us where in the country the person is. Populated zones only (the
 * full lists include tiny zones that would leave almost no allowed hours).
 */
const MULTI_ZONE_COUNTRIES: Record<string, string[]> = {
  US: [
    'America/New_York',
    'America/Chicago',
    'America/Denver',
    'America/Phoenix',
    'America/Los_Angeles',
    'America/Anchorage',
    'Pacific/Honolulu',
  ],
  CA: [
    'America/St_Johns',
    'America/Halifax',
    'America/Toronto',
    'America/Winnipeg',
    'America/Regina',
    'America/Edmonton',
    'America/Vancouver',
  ],
  AU: ['Australia/Sydney', 'Australia/Brisbane', 'Australia/Adelaide', 'Australia/Darwin', 'Australia/Perth'],
  BR: ['America/Sao_Paulo', 'America/Manaus', 'America/Rio_Branco'],
  MX: ['America/Mexico_City', 'America/Cancun', 'America/Chihuahua', 'America/Tijuana'],
  RU: [
    'Europe/Kaliningrad',
    'Europe/Moscow',
    'Asia/Yekaterinburg',
    'Asia/Novosibirsk',
    'Asia/Krasnoyarsk',
    'Asia/Irkutsk',
    'Asia/Vladivostok',
  ],
};

// Building a date-holidays calendar is costly; a country's zones never change within a process.
const countryZones = new Map<string, string[]>();

/** The zones of a country: curated for the large ones, else date-holidays' main zone for it. */
export function zonesOfCountry(country: string): string[] {
  const code = country.toUpperCase();
  const curated = MULTI_ZONE_COUNTRIES[code];
  if (curated !== undefined) return curated;
  let zones = countryZones.get(code);
  if (zones === undefined) {
    const first = new Holidays(code).getTimezones()?.[0];
    zones = first !== undefined ? [first] : [];
    countryZones.set(code, zones);
  }
  return zones;
}

/**
 * Where the person at `phone` probably is, for the 08:00–21:00 rule: the customer's own zone if known, else the
 * zones of the phone number's country (libphonenumber-js; a national number is read in the customer's country),
 * else the organisation's zone.
 */
export function recipientZones(
  customer: { timeZone: string | null; country: string | null },
  phone: string | null,
  orgZone: string,
): string[] {
  if (customer.timeZone !== null && isKnownZone(customer.timeZone)) return [customer.timeZone];
  const country = phone === null ? undefined : readPhone(phone, customer.country).country;
  const zones = country !== undefined ? zonesOfCountry(country) : [];
  return zones.length > 0 ? zones : [orgZone];
}
