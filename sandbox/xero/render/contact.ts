import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Company, Customer } from '../../books/types.js';
import { msDateTime } from '../dates.js';
import { xeroId } from '../ids.js';

type PhoneType = 'DEFAULT' | 'DDI' | 'MOBILE' | 'FAX';

interface XeroPhone {
  PhoneType: PhoneType;
  PhoneNumber: string;
  PhoneAreaCode: string;
  PhoneCountryCode: string;
}

/**
 * Xero keeps a phone slot for every type, blank when unused (reference §2.6), and stores numbers as free text
 * split into country code, area code and number. We split E.164 numbers the way people type them into Xero;
 * numbers that do not parse go into PhoneNumber untouched, as a user's free text would.
 */
export function renderPhone(type: PhoneType, number: string | null, country: string): XeroPhone {
  const blank = { PhoneType: type, PhoneNumber: '', PhoneAreaCode: '', PhoneCountryCode: '' };
  if (!number) return blank;
  const parsed = parsePhoneNumberFromString(number, country as never);
  if (!parsed?.isValid()) return { ...blank, PhoneNumber: number };
  const national = parsed.nationalNumber;
  const areaLength = national.length > 8 ? 2 : 1;
  return {
    PhoneType: type,
    PhoneCountryCode: parsed.countryCallingCode,
    PhoneAreaCode: `0${national.slice(0, areaLength)}`,
    PhoneNumber: national.slice(areaLength),
  };
}

export function renderContact(company: Company, customer: Customer): Record<string, unknown> {
  const [firstName, ...rest] = (customer.contactName ?? '').split(' ');
  return {
    ContactID: xeroId(company.id, 'contact', customer.id),
    ContactStatus: customer.active ? 'ACTIVE' : 'ARCHIVED',
    Name: customer.displayName,
    FirstName: firstName ?? '',
    LastName: rest.join(' '),
    EmailAddress: customer.email ?? '',
    ContactPersons: [],
    BankAccountDetails: '',
    Addresses: [
      { AddressType: 'STREET', City: '', Region: '', PostalCode: '', Country: customer.country },
      { AddressType: 'POBOX', City: '', Region: '', PostalCode: '', Country: customer.country },
    ],
    Phones: [
      renderPhone('DEFAULT', customer.landline, customer.country),
      renderPhone('DDI', null, customer.country),
      renderPhone('MOBILE', customer.mobile, customer.country),
      renderPhone('FAX', null, customer.country),
    ],
    UpdatedDateUTC: msDateTime(customer.updatedAt),
    ContactGroups: [],
    IsSupplier: false,
    IsCustomer: true,
    DefaultCurrency: customer.currency,
    SalesTrackingCategories: [],
    PurchasesTrackingCategories: [],
    HasAttachments: false,
    HasValidationErrors: false,
  };
}
