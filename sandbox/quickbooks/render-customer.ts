import type { Company, Customer } from '../books/types.js';
import { derivedFor } from './derived.js';
import { amount } from './money.js';
import { countryText, currencyRef, metaData } from './render-common.js';

/** A Customer (reference §3.3, §7.3). Phone numbers stay free-form text, as QBO stores them. */
export function renderCustomer(company: Company, customer: Customer): object {
  const [givenName, ...rest] = (customer.contactName ?? '').trim().split(/\s+/);
  const balance = amount(derivedFor(company).balanceByCustomer.get(customer.id) ?? 0, customer.currency);
  return {
    Id: customer.id,
    SyncToken: String(customer.version),
    domain: 'QBO',
    sparse: false,
    MetaData: metaData(customer),
    DisplayName: customer.displayName,
    CompanyName: customer.displayName,
    ...(givenName ? { GivenName: givenName } : {}),
    ...(rest.length > 0 ? { FamilyName: rest.join(' ') } : {}),
    PrintOnCheckName: customer.displayName,
    ...(customer.email ? { PrimaryEmailAddr: { Address: customer.email } } : {}),
    ...(customer.landline ? { PrimaryPhone: { FreeFormNumber: customer.landline } } : {}),
    ...(customer.mobile ? { Mobile: { FreeFormNumber: customer.mobile } } : {}),
    BillAddr: { Id: `${customer.id}01`, Country: countryText(customer.country) },
    CurrencyRef: currencyRef(customer.currency),
    PreferredDeliveryMethod: customer.email ? 'Email' : 'None',
    Job: false,
    Taxable: false,
    Active: customer.active,
    Balance: balance,
    BalanceWithJobs: balance,
  };
}
