import { describe, expect, it } from 'vitest';
import { generateDemoBooks } from '../books/demo.js';
import { generateCompany } from '../books/generate.js';
import type { Company } from '../books/types.js';
import { toQboJson } from './money.js';
import { renderInvoice, renderInvoiceJson } from './render-invoice.js';

/**
 * Query and CDC pages write invoices as text (renderInvoiceJson); single reads and write replies build the
 * object (renderInvoice). A client must not be able to tell them apart: same fields, order, digits, escapes.
 */
const AS_OF = '2026-07-20';

function books(): Company[] {
  return [
    ...generateDemoBooks(AS_OF).filter((c) => c.provider === 'quickbooks'),
    generateCompany({
      id: '123146',
      provider: 'quickbooks',
      name: 'Zoë Ørsted Trading',
      country: 'GB',
      currency: 'GBP',
      timeZone: 'Europe/London',
      seed: 7,
      invoices: 2500,
      asOf: AS_OF,
    }),
  ];
}

describe('renderInvoiceJson', () => {
  it('writes exactly what toQboJson(renderInvoice) writes, for every generated and demo invoice', () => {
    let compared = 0;
    let foreign = 0;
    for (const company of books()) {
      const kinds = new Set<string>();
      for (const [n, invoice] of company.invoices.entries()) {
        // Some with a PrivateNote written through the API, quotes and non-ASCII included.
        const note = n % 7 === 0 ? `Reminder "${n}" sent — ça va \\ ok` : undefined;
        if (n % 5 === 0) invoice.payUrl = `https://pay.example/i/${invoice.id}?a=1&b="2"`;
        expect(renderInvoiceJson(company, invoice, note)).toBe(
          toQboJson(renderInvoice(company, invoice, note)),
        );
        kinds.add(invoice.status);
        if (invoice.currency !== company.currency) foreign += 1;
        compared += 1;
      }
      // The comparison covers voided and paid invoices and (the generated book) other currencies.
      expect(kinds).toContain('voided');
      expect(kinds).toContain('paid');
    }
    expect(foreign).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(2500);
  });
});
