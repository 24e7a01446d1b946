import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * A phone number as Twilio wants it (E.164), read in the customer's country when it has no country code:
 * '(415) 555-0142' with 'US' → '+14155550142'; '+44 20 7946 0321' → '+442079460321'. Null when the number is
 * empty or not a valid number anywhere (B24: such a number is never sent to Twilio, and never retried).
 * Uses the full metadata ('max') so that lengths and prefixes are checked per country, not just counted.
 */
export function toE164(raw: string | null | undefined, country: string | null | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  const defaultCountry =
    country && /^[A-Za-z]{2}$/.test(country) ? (country.toUpperCase() as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(value, defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

/** Is this number (any format) a mobile, as far as the numbering plan tells? Unknown for many countries. */
export function phoneLineType(e164: string): 'mobile' | 'landline' | 'unknown' {
  const type = parsePhoneNumberFromString(e164)?.getType();
  if (type === 'MOBILE') return 'mobile';
  if (type === 'FIXED_LINE') return 'landline';
  return 'unknown';
}
