import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { readPhone } from '../policy/phone-number.js';

/** E.164 form of a stored phone number (national numbers read in the customer's country), or null. */
export function toE164(value: string, country: string | null): string | null {
  return readPhone(value, country).e164;
}

/** The key an opt-out is stored under: lower-case email, or E.164 phone. */
export function optOutAddress(kind: 'email' | 'phone', value: string, country: string | null): string {
  return kind === 'email' ? value.trim().toLowerCase() : (toE164(value, country) ?? value.trim());
}

/**
 * Whether a phone of unknown type can take SMS. The books rarely say; libphonenumber knows mobile ranges for
 * most countries, and a wrong guess comes back from Twilio as `not_mobile`, which marks the contact a landline.
 */
export function looksMobile(value: string, country: string | null): boolean {
  const { type } = readPhone(value, country);
  return type === undefined || type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

/** j***@example.com: enough for the owner to recognise the address in a note, not enough to harvest it. */
export function maskEmail(address: string): string {
  const [local = '', domain = ''] = address.trim().split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** +64 21 *** 567: country code and the first and last digits stay, the middle is hidden. */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return `${e164.slice(0, 3)} *** ${e164.slice(-3)}`;
  const national = parsed.nationalNumber;
  return `+${parsed.countryCallingCode} ${national.slice(0, 2)} *** ${national.slice(-3)}`;
}

export function maskRecipient(channel: string, recipient: string): string {
  return channel === 'email' ? maskEmail(recipient) : maskPhone(recipient);
}
