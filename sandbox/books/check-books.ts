import type { Company } from './types.js';

/**
 * Lists every way a company's books are inconsistent (empty when they are sound). The provider stand-ins serve
 * these numbers, so tests run this after generating and after every mutation:
 * - open/paid/draft invoice: amountDue = total − live payment applications − credit-note applications,
 *   status is 'paid' exactly when amountDue is 0 (drafts stay drafts);
 * - voided/deleted invoice: amountDue 0 and nothing live applied to it;
 * - payment: amount = applications + unapplied; credit note: total = applications + remaining;
 * - the id index holds exactly the records in the arrays.
 */
export function checkBooks(company: Company): string[] {
  const problems: string[] = [];
  const applied = new Map<string, number>();
  const add = (invoiceId: string, cents: number): void => {
    applied.set(invoiceId, (applied.get(invoiceId) ?? 0) + cents);
  };
  for (const p of company.payments) {
    const sum = p.applications.reduce((s, a) => s + a.amountCents, 0);
    if (sum + p.unappliedCents !== p.amountCents)
      problems.push(`payment ${p.id}: amount ≠ applied + unapplied`);
    if (p.unappliedCents < 0) problems.push(`payment ${p.id}: negative unapplied`);
    if (!p.deleted) for (const a of p.applications) add(a.invoiceId, a.amountCents);
  }
  for (const n of company.creditNotes) {
    const sum = n.applications.reduce((s, a) => s + a.amountCents, 0);
    if (sum + n.remainingCents !== n.totalCents)
      problems.push(`credit note ${n.id}: total ≠ applied + remaining`);
    if (n.remainingCents < 0) problems.push(`credit note ${n.id}: negative remaining`);
    if (n.status !== 'voided') for (const a of n.applications) add(a.invoiceId, a.amountCents);
  }
  for (const inv of company.invoices) {
    const live = applied.get(inv.id) ?? 0;
    applied.delete(inv.id);
    if (inv.status === 'voided' || inv.status === 'deleted') {
      if (inv.amountDueCents !== 0 || live !== 0)
        problems.push(`invoice ${inv.id}: ${inv.status} but still owed or applied`);
      continue;
    }
    if (inv.amountDueCents !== inv.totalCents - live)
      problems.push(`invoice ${inv.id}: amountDue ≠ total − applied`);
    if (inv.amountDueCents < 0) problems.push(`invoice ${inv.id}: negative amountDue`);
    if (inv.status !== 'draft' && (inv.status === 'paid') !== (inv.amountDueCents === 0)) {
      problems.push(`invoice ${inv.id}: status ${inv.status} with amountDue ${inv.amountDueCents}`);
    }
    if (inv.lines.reduce((s, l) => s + l.amountCents, 0) !== inv.totalCents)
      problems.push(`invoice ${inv.id}: lines ≠ total`);
  }
  for (const id of applied.keys()) problems.push(`application to unknown invoice ${id}`);
  const { index } = company;
  if (index.invoices.size !== company.invoices.length) problems.push('invoice index size differs');
  if (index.payments.size !== company.payments.length) problems.push('payment index size differs');
  if (index.customers.size !== company.customers.length) problems.push('customer index size differs');
  if (index.creditNotes.size !== company.creditNotes.length) problems.push('credit note index size differs');
  return problems;
}
