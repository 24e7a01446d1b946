import type { Company, CreditNote, Payment } from '../../books/types.js';

/**
 * Which payments and credit notes touch each invoice. Rendering an invoice needs its Payments and CreditNotes,
 * and scanning every payment of a large book per invoice would be quadratic, so the index is built once per
 * company and dropped whenever the world reports a change (or records were added without one).
 */
export interface InvoiceRelations {
  payments: Map<string, { payment: Payment; amountCents: number }[]>;
  creditNotes: Map<string, { creditNote: CreditNote; amountCents: number }[]>;
}

interface Cached {
  payments: number;
  creditNotes: number;
  relations: InvoiceRelations;
}

const cache = new WeakMap<Company, Cached>();

export function invalidateRelations(company: Company): void {
  cache.delete(company);
}

export function relationsOf(company: Company): InvoiceRelations {
  // Asked twice per invoice rendered: compares counts rather than building a key each time.
  const hit = cache.get(company);
  if (hit && hit.payments === company.payments.length && hit.creditNotes === company.creditNotes.length) {
    return hit.relations;
  }
  const relations: InvoiceRelations = { payments: new Map(), creditNotes: new Map() };
  for (const payment of company.payments) {
    for (const application of payment.applications) {
      push(relations.payments, application.invoiceId, { payment, amountCents: application.amountCents });
    }
  }
  for (const creditNote of company.creditNotes) {
    for (const application of creditNote.applications) {
      push(relations.creditNotes, application.invoiceId, {
        creditNote,
        amountCents: application.amountCents,
      });
    }
  }
  cache.set(company, {
    payments: company.payments.length,
    creditNotes: company.creditNotes.length,
    relations,
  });
  return relations;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
