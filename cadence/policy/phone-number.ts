import { parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/max';

/** What the cadence needs to know about a stored phone number. */
export interface ReadPhone {
  /** E.164 when the number is valid (national numbers read in the customer's country), else null. */
  e164: string | null;
  /** The country the number belongs to, when libphonenumber can tell (even for an invalid number). */
  country: CountryCode | undefined;
  /** Line type from the full numbering plan ('max' metadata); undefined where the plan does not say. */
  type: NumberType | undefined;
}

// Parsing is the planner's second cost after zone conversions, and each customer's number is read several times
// per plan (mobile or not, opt-out key, SMS and call targets, recipient zone) and again every tick. Bounded.
const LIMIT = 100_000;
const byCountry = new Map<string, Map<string, ReadPhone>>();
let size = 0;

/** Reads `value` (trimmed) as a phone number of `country` when it has no country code. Memoised: pure. */
export function readPhone(value: string, country: string | null): ReadPhone {
  const countryKey = country?.toUpperCase() ?? '';
  let cache = byCountry.get(countryKey);
  if (cache === undefined) {
    cache = new Map();
    byCountry.set(countryKey, cache);
  }
  let read = cache.get(value);
  if (read === undefined) {
    if (size >= LIMIT) {
      for (const m of byCountry.values()) m.clear();
      size = 0;
    }
    const parsed = parsePhoneNumberFromString(
      value.trim(),
      (countryKey || undefined) as CountryCode | undefined,
    );
    read = {
      e164: parsed?.isValid() ? parsed.number : null,
      country: parsed?.country,
      type: parsed?.getType(),
    };
    cache.set(value, read);
    size += 1;
  }
  return read;
}
