import type { Company } from './types.js';

/** (Re)builds a company's id maps from its arrays; call after replacing records wholesale. */
export function indexCompany(company: Company): Company {
  const { index } = company;
  index.customers.clear();
  index.invoices.clear();
  index.payments.clear();
  index.creditNotes.clear();
  for (const c of company.customers) index.customers.set(c.id, c);
  for (const i of company.invoices) index.invoices.set(i.id, i);
  for (const p of company.payments) index.payments.set(p.id, p);
  for (const n of company.creditNotes) index.creditNotes.set(n.id, n);
  return company;
}

export function emptyIndex(): Company['index'] {
  return { customers: new Map(), invoices: new Map(), payments: new Map(), creditNotes: new Map() };
}
