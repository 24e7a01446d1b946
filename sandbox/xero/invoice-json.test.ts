import { describe, expect, it } from 'vitest';
import { renderInvoice, renderInvoiceJson } from './render/invoice.js';
import { generatedXeroBooks } from './testing/books.js';

/**
 * List pages write invoices as text (renderInvoiceJson); everything else builds the object (renderInvoice). A
 * client must not be able to tell them apart: same fields, order, numbers, escapes, with and without lines.
 */
describe('renderInvoiceJson', () => {
  it('writes exactly what JSON.stringify(renderInvoice) writes, for every generated and demo invoice', () => {
    const { demo, generated } = generatedXeroBooks();
    const books = [...demo, generated];
    const seen = { invoices: 0, foreign: 0, payments: 0, credits: 0, statuses: new Set<string>() };
    for (const company of books) {
      for (const [n, invoice] of company.invoices.entries()) {
        if (n % 5 === 0) invoice.payUrl = `https://in.xero.com/${invoice.id}?a=1&b="2"`;
        for (const withLines of [true, false]) {
          const object = renderInvoice(company, invoice, withLines);
          expect(renderInvoiceJson(company, invoice, withLines)).toBe(JSON.stringify(object));
          if (withLines) {
            seen.invoices += 1;
            seen.statuses.add(object.Status as string);
            if (invoice.currency !== company.currency) seen.foreign += 1;
            if ((object.Payments as unknown[]).length > 0) seen.payments += 1;
            if ((object.CreditNotes as unknown[]).length > 0) seen.credits += 1;
          }
        }
      }
    }
    expect(seen.invoices).toBeGreaterThan(2_000);
    expect(seen.foreign).toBeGreaterThan(0);
    expect(seen.payments).toBeGreaterThan(0);
    expect(seen.credits).toBeGreaterThan(0);
    expect([...seen.statuses]).toEqual(expect.arrayContaining(['AUTHORISED', 'PAID', 'VOIDED']));
  });
});
