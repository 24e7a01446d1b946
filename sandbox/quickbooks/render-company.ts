import type { Company } from '../books/types.js';
import { countryText, currencyRef } from './render-common.js';
import { pacificSeconds } from './time.js';

function companyMeta(company: Company) {
  return {
    CreateTime: pacificSeconds(company.createdAt),
    LastUpdatedTime: pacificSeconds(company.createdAt),
  };
}

/** CompanyInfo. `DefaultTimeZone` is in QBO's schema; the sandbox fills it so clients can use it if present. */
export function renderCompanyInfo(company: Company): object {
  const email = `billing@${company.shortCode.toLowerCase().replace(/[^a-z0-9]/g, '') || 'company'}.example`;
  return {
    Id: '1',
    SyncToken: '0',
    domain: 'QBO',
    sparse: false,
    MetaData: companyMeta(company),
    CompanyName: company.name,
    LegalName: company.name,
    CompanyAddr: { Id: '1', Country: countryText(company.country) },
    LegalAddr: { Id: '1', Country: countryText(company.country) },
    CustomerCommunicationAddr: { Id: '1', Country: countryText(company.country) },
    Country: company.country,
    Email: { Address: email },
    FiscalYearStartMonth: 'January',
    CompanyStartDate: new Date(company.createdAt).toISOString().slice(0, 10),
    SupportedLanguages: 'en',
    DefaultTimeZone: company.timeZone,
    NameValue: [
      { Name: 'NeoEnabled', Value: 'true' },
      { Name: 'OfferingSku', Value: 'QuickBooks Online Plus' },
    ],
  };
}

export function renderPreferences(company: Company): object {
  const multiCurrency =
    company.invoices.some((i) => i.currency !== company.currency) ||
    company.customers.some((c) => c.currency !== company.currency);
  return {
    Id: '1',
    SyncToken: '0',
    domain: 'QBO',
    sparse: false,
    MetaData: companyMeta(company),
    CurrencyPrefs: { MultiCurrencyEnabled: multiCurrency, HomeCurrency: currencyRef(company.currency) },
    SalesFormsPrefs: { AllowDeposit: false, DefaultTerms: { value: '3' }, UsingPriceLevels: false },
    EmailMessagesPrefs: {},
  };
}
