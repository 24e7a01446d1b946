import type { Company } from '../../books/types.js';
import { xeroId } from '../ids.js';

/** The contact summary Xero embeds in invoices, payments and credit notes. */
export function contactRef(company: Company, customerId: string): { ContactID: string; Name: string } {
  const customer = company.index.customers.get(customerId);
  return { ContactID: xeroId(company.id, 'contact', customerId), Name: customer?.displayName ?? '' };
}
