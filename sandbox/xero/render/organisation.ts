import type { Company } from '../../books/types.js';
import { msDateTime } from '../dates.js';
import { xeroTimeZone } from '../timezone.js';

/** Xero's regional editions; every other country runs the GLOBAL one. */
const VERSION: Record<string, string> = { AU: 'AU', NZ: 'NZ', GB: 'UK', US: 'US' };

export function renderOrganisation(company: Company): Record<string, unknown> {
  return {
    OrganisationID: company.id,
    APIKey: '',
    Name: company.name,
    LegalName: company.name,
    PaysTax: true,
    Version: VERSION[company.country] ?? 'GLOBAL',
    OrganisationType: 'COMPANY',
    BaseCurrency: company.currency,
    CountryCode: company.country,
    IsDemoCompany: false,
    OrganisationStatus: 'ACTIVE',
    FinancialYearEndDay: 31,
    FinancialYearEndMonth: 3,
    SalesTaxBasis: 'ACCRUALS',
    SalesTaxPeriod: 'TWOMONTHS',
    DefaultSalesTax: 'Tax Exclusive',
    DefaultPurchasesTax: 'Tax Inclusive',
    CreatedDateUTC: msDateTime(company.createdAt),
    OrganisationEntityType: 'COMPANY',
    Timezone: xeroTimeZone(company.timeZone),
    ShortCode: company.shortCode,
    Class: 'STANDARD',
    Edition: 'BUSINESS',
    LineOfBusiness: '',
    Addresses: [],
    Phones: [],
    ExternalLinks: [],
    PaymentTerms: {},
  };
}
