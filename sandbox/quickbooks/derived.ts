import type { Company } from '../books/types.js';

/**
 * Values QBO shows that the books do not store directly: which payments and credits are linked to each
 * invoice, and each customer's open balance. Computed once per company and dropped on every world
 * 'change' for that company (see index.ts), so a page of 1,000 invoices does not rescan the book per row.
 */
export interface LinkedTxn {
  TxnId: string;
  TxnType: 'Payment' | 'CreditMemo';
}

export interface Derived {
  linkedByInvoice: Map<string, LinkedTxn[]>;
  /** Open balance per customer in the customer's currency: open invoices minus unapplied credit. */
  balanceByCustomer: Map<string, number>;
  /** Each entity's rows that `query` shows (not deleted), in creation order, with the row count they came from. */
  visibleRows: Map<string, { length: number; rows: unknown[] }>;
  /**
   * Visible rows sorted by recent ORDERBY lists (entity and keys, not the WHERE), so pages and changing time
   * bounds filter an already sorted book instead of sorting per request. `source` is the visible list sorted.
   */
  sortedQueries: Map<string, { source: unknown[]; rows: unknown[] }>;
}

const cache = new WeakMap<Company, Derived>();

export function derivedFor(company: Company): Derived {
  let derived = cache.get(company);
  if (!derived) {
    derived = compute(company);
    cache.set(company, derived);
  }
  return derived;
}

export function forgetDerived(company: Company): void {
  cache.delete(company);
}

function compute(company: Company): Derived {
  const linkedByInvoice = new Map<string, LinkedTxn[]>();
  const balanceByCustomer = new Map<string, number>();
  const link = (invoiceId: string, txn: LinkedTxn): void => {
    const list = linkedByInvoice.get(invoiceId);
    if (list) list.push(txn);
    else linkedByInvoice.set(invoiceId, [txn]);
  };
  const addBalance = (customerId: string, cents: number): void => {
    balanceByCustomer.set(customerId, (balanceByCustomer.get(customerId) ?? 0) + cents);
  };

  for (const payment of company.payments) {
    if (payment.deleted) continue;
    for (const application of payment.applications)
      link(application.invoiceId, { TxnId: payment.id, TxnType: 'Payment' });
    if (payment.unappliedCents > 0) addBalance(payment.customerId, -payment.unappliedCents);
  }
  for (const credit of company.creditNotes) {
    if (credit.status === 'voided') continue;
    for (const application of credit.applications)
      link(application.invoiceId, { TxnId: credit.id, TxnType: 'CreditMemo' });
    if (credit.remainingCents > 0) addBalance(credit.customerId, -credit.remainingCents);
  }
  for (const invoice of company.invoices) {
    if (invoice.status === 'open' || invoice.status === 'draft')
      addBalance(invoice.customerId, invoice.amountDueCents);
  }
  return { linkedByInvoice, balanceByCustomer, visibleRows: new Map(), sortedQueries: new Map() };
}
