import { describe, expect, it } from 'vitest';
import { generateDemoBooks } from '../books/demo.js';
import { generateCompany } from '../books/generate.js';
import type { Company } from '../books/types.js';
import { renderContact } from './render/contact.js';
import { renderCreditNote } from './render/credit-note.js';
import { renderInvoice } from './render/invoice.js';
import { renderOrganisation } from './render/organisation.js';
import { renderOverpayment, renderPayments } from './render/payment.js';
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
  const demo = generateDemoBooks('2026-12-03').filter((c) => c.provider === 'xero');
  const generated = generateCompany({
    id: '0d9b8c7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a',
    provider: 'xero',
    name: 'Generated Traders',
    country: 'AU',
    currency: 'AUD',
    timeZone: 'Australia/Sydney',
    seed: 7,
    invoices: 2_000,
    asOf: '2026-12-03',
  });

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
