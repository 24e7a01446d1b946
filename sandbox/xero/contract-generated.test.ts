import { describe, expect, it } from 'vitest';
import type { Company } from '../books/types.js';
import { renderContact } from './render/contact.js';
import { renderCreditNote } from './render/credit-note.js';
import { renderInvoice } from './render/invoice.js';
import { renderOrganisation } from './render/organisation.js';
import { renderOverpayment, renderPayments } from './render/payment.js';
import { generatedXeroBooks } from './testing/books.js';
import { validate } from './testing/schema.js';

/** Everything the generator can produce renders into Xero JSON that validates against xero_accounting.yaml. */
function renderAll(company: Company) {
  return {
    Invoices: { Invoices: company.invoices.map((i) => renderInvoice(company, i, true)) },
    Payments: { Payments: company.payments.flatMap((p) => renderPayments(company, p)) },
    Overpayments: {
      Overpayments: company.payments
        .filter((p) => p.unappliedCents > 0)
        .map((p) => renderOverpayment(company, p)),
    },
    Contacts: { Contacts: company.customers.map((c) => renderContact(company, c)) },
    CreditNotes: { CreditNotes: company.creditNotes.map((n) => renderCreditNote(company, n, true)) },
    Organisations: { Organisations: [renderOrganisation(company)] },
  };
}

describe('generated books render as valid Xero JSON', () => {
  const { demo, generated } = generatedXeroBooks();

  it.each([...demo, generated].map((c) => [c.name, c] as const))('%s', (_name, company) => {
    for (const [schema, body] of Object.entries(renderAll(company))) {
      expect(validate(body, schema).slice(0, 5), schema).toEqual([]);
    }
  });

  it('AmountDue comes from the books and AmountPaid + AmountCredited + AmountDue = Total on open invoices', () => {
    for (const company of [...demo, generated]) {
      for (const invoice of company.invoices.filter((i) => i.status === 'open')) {
        const rendered = renderInvoice(company, invoice, false) as Record<string, number>;
        const cents = (n: number) => Math.round(n * 100);
        expect(cents(rendered.AmountDue!)).toBe(invoice.amountDueCents);
        expect(cents(rendered.AmountPaid!) + cents(rendered.AmountCredited!) + invoice.amountDueCents).toBe(
          invoice.totalCents,
        );
      }
    }
  });
});
