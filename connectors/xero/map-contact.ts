import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { SyncedCustomer } from '../types.js';
import { xeroInstant } from './dates.js';
import { enumText } from './enum-text.js';

/** The parts of a xero-node `Contact` the sync reads (enum fields arrive as their string values). */
export interface XeroContactLike {
  contactID?: string;
  contactStatus?: unknown;
  name?: string;
  firstName?: string;
  lastName?: string;
  emailAddress?: string;
  contactPersons?: {
    firstName?: string;
    lastName?: string;
    emailAddress?: string;
    includeInEmails?: boolean;
  }[];
  phones?: { phoneType?: unknown; phoneNumber?: string; phoneAreaCode?: string; phoneCountryCode?: string }[];
  addresses?: { country?: string }[];
  defaultCurrency?: unknown;
  updatedDateUTC?: unknown;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function mapContact(contact: XeroContactLike, organisationCountry: string | null): SyncedCustomer {
  if (!contact.contactID) throw new Error('contact without ContactID');
  const personName = [contact.firstName, contact.lastName].filter(Boolean).join(' ').trim() || null;
  const country = contact.addresses?.map((a) => a.country?.trim()).find((c) => c && /^[A-Za-z]{2}$/.test(c));
  return {
    externalId: contact.contactID,
    name: contact.name?.trim() || personName || contact.contactID,
    contactName: personName,
    country: country?.toUpperCase() ?? null,
    currency: enumText(contact.defaultCurrency) || null,
    active: (enumText(contact.contactStatus) || 'ACTIVE') === 'ACTIVE',
    emails: contactEmails(contact, personName),
    phones: contactPhones(contact, (country ?? organisationCountry)?.toUpperCase() ?? null),
    remoteUpdatedAt: xeroInstant(contact.updatedDateUTC),
  };
}

/** The contact's own address first (primary), then its contact persons; blanks and non-addresses dropped (B29). */
function contactEmails(contact: XeroContactLike, personName: string | null): SyncedCustomer['emails'] {
  const emails: SyncedCustomer['emails'] = [];
  const add = (raw: string | undefined, name: string | null) => {
    const value = raw?.trim().toLowerCase();
    if (!value || !EMAIL.test(value) || emails.some((e) => e.value === value)) return;
    emails.push({ value, name, primary: emails.length === 0 });
  };
  add(contact.emailAddress, personName);
  for (const person of contact.contactPersons ?? []) {
    if (person.includeInEmails === false) continue;
    add(person.emailAddress, [person.firstName, person.lastName].filter(Boolean).join(' ').trim() || null);
  }
  return emails;
}

/**
 * Xero keeps a slot per phone type, most of them blank, with free-text parts ('+64' / '021' / '555 0123').
 * They are assembled into E.164; what cannot be parsed is left out rather than dialled wrongly.
 */
function contactPhones(contact: XeroContactLike, country: string | null): SyncedCustomer['phones'] {
  const phones: SyncedCustomer['phones'] = [];
  for (const phone of contact.phones ?? []) {
    const type = phoneType(enumText(phone.phoneType) || 'DEFAULT');
    if (!type) continue;
    const value = assemblePhone(phone, country);
    if (!value || phones.some((p) => p.value === value)) continue;
    phones.push({ value, type, name: null, primary: false });
  }
  // The mobile is the number to text; otherwise the first one found.
  const primary = phones.find((p) => p.type === 'mobile') ?? phones[0];
  if (primary) primary.primary = true;
  return phones;
}

function phoneType(xeroType: string): SyncedCustomer['phones'][number]['type'] | null {
  if (xeroType === 'MOBILE') return 'mobile';
  if (xeroType === 'FAX') return null;
  if (xeroType === 'DDI' || xeroType === 'OFFICE') return 'landline';
  return 'unknown';
}

export function assemblePhone(
  phone: { phoneNumber?: string; phoneAreaCode?: string; phoneCountryCode?: string },
  country: string | null,
): string | null {
  const digits = (s: string | undefined) => (s ?? '').replace(/\D/g, '');
  const number = digits(phone.phoneNumber);
  if (!number) return null;
  if (phone.phoneNumber?.trim().startsWith('+')) {
    const international = parsePhoneNumberFromString(`+${number}`);
    return international?.isValid() ? international.number : null;
  }
  const countryCode = digits(phone.phoneCountryCode).replace(/^0+/, '');
  const area = digits(phone.phoneAreaCode);
  const parsed = countryCode
    ? parsePhoneNumberFromString(`+${countryCode}${area.replace(/^0+/, '')}${number}`)
    : parsePhoneNumberFromString(`${area}${number}`, (country ?? undefined) as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : null;
}
