import { describe, expect, it } from 'vitest';
import { ObjectSerializer } from 'xero-node';
import type { Company } from '../../sandbox/books/types.js';
import { renderContact } from '../../sandbox/xero/render/contact.js';
import { renderCreditNote } from '../../sandbox/xero/render/credit-note.js';
import { renderInvoice } from '../../sandbox/xero/render/invoice.js';
import { renderOverpayment, renderPayments } from '../../sandbox/xero/render/payment.js';
import { generatedXeroBooks } from '../../sandbox/xero/testing/books.js';
import { kowhaiCafe } from '../../sandbox/xero/testing/company.js';
import { mapContact, mapCredit, mapInvoice, mapPayment } from './map.js';
import { contactFromWire, creditFromWire, invoiceFromWire, paymentFromWire } from './wire.js';

/**
 * The sync reads list pages as Xero's JSON (read-list.ts) instead of xero-node's models. For every record the
 * sandbox can render, both routes must map to the same Dunwise row: the JSON picked by wire.ts, and the same JSON
 * deserialized by xero-node the way its getters do.
 */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const sdk = (value: unknown, model: string): never => ObjectSerializer.deserialize(value, model) as never;

/** The mapper's result, or the reason it refused the record: both routes must agree on either. */
function outcome<T>(map: () => T): T | { refused: string } {
  try {
    return map();
  } catch (error) {
    return { refused: (error as Error).message };
  }
}

function books(): Company[] {
  const { demo, generated } = generatedXeroBooks();
  // Kōwhai Café has what the generator never makes: an archived contact, a voided credit note.
  return [kowhaiCafe(), ...demo, generated];
}

describe("Xero's JSON picked by wire.ts maps exactly as xero-node's models do", () => {
  const companies = books();

  it('invoices, with line items, payments and credit notes as paged lists carry them', () => {
    let checked = 0;
    for (const company of companies) {
      for (const invoice of company.invoices) {
        const raw = asJson(renderInvoice(company, invoice, true));
        expect(outcome(() => mapInvoice(invoiceFromWire(raw)))).toEqual(
          outcome(() => mapInvoice(sdk(raw, 'Invoice'))),
        );
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(2_000);
  });

  it('contacts: names, emails of the contact and its persons, phones by type, country, archived', () => {
    const statuses = new Set<boolean>();
    for (const company of companies) {
      for (const customer of company.customers) {
        const raw = asJson(renderContact(company, customer));
        const viaWire = mapContact(contactFromWire(raw), company.country);
        expect(viaWire).toEqual(mapContact(sdk(raw, 'Contact'), company.country));
        statuses.add(viaWire.active);
      }
    }
    // Both archived and active contacts went through the comparison.
    expect([...statuses].sort()).toEqual([false, true]);
  });

  it('payments, deleted ones included', () => {
    const deleted = new Set<boolean>();
    for (const company of companies) {
      for (const raw of company.payments.flatMap((p) => renderPayments(company, p)).map(asJson)) {
        const viaWire = mapPayment(paymentFromWire(raw));
        expect(viaWire).toEqual(mapPayment(sdk(raw, 'Payment')));
        deleted.add(viaWire.deleted);
      }
    }
    expect([...deleted].sort()).toEqual([false, true]);
  });

  it('credit notes and overpayments', () => {
    for (const company of companies) {
      for (const note of company.creditNotes) {
        const raw = asJson(renderCreditNote(company, note, true));
        expect(mapCredit('credit_note', creditFromWire(raw))).toEqual(
          mapCredit('credit_note', sdk(raw, 'CreditNote')),
        );
      }
      for (const payment of company.payments.filter((p) => p.unappliedCents > 0)) {
        const raw = asJson(renderOverpayment(company, payment));
        expect(mapCredit('overpayment', creditFromWire(raw))).toEqual(
          mapCredit('overpayment', sdk(raw, 'Overpayment')),
        );
      }
    }
  });

  it('a prepayment (the sandbox has none) as in Xero’s documentation', () => {
    const raw = {
      PrepaymentID: 'aea95d78-ea48-456b-be08-6bc012df1e6c',
      Type: 'RECEIVE-PREPAYMENT',
      Contact: { ContactID: 'c6c7b870-bb4d-489a-921e-2f0ee4192ff9', Name: 'Mr Contact' },
      Date: '/Date(1600041600000+0000)/',
      Status: 'AUTHORISED',
      CurrencyCode: 'NZD',
      Total: 500.0,
      RemainingCredit: 120.5,
      UpdatedDateUTC: '/Date(1600107800397+0000)/',
    };
    const viaWire = mapCredit('prepayment', creditFromWire(raw));
    expect(viaWire).toEqual(mapCredit('prepayment', sdk(raw, 'Prepayment')));
    expect(viaWire).toMatchObject({
      externalId: raw.PrepaymentID,
      remaining: '120.5',
      issuedOn: '2020-09-14',
    });
  });
});

describe('a malformed record is refused by the mapper, never stored half-read', () => {
  it('an id of the wrong JSON type is no id', () => {
    expect(() => mapInvoice(invoiceFromWire({ InvoiceID: 42, Contact: { ContactID: 'c' } }))).toThrow(
      'invoice without InvoiceID',
    );
    expect(() => mapPayment(paymentFromWire({ PaymentID: ['p'] }))).toThrow('payment without PaymentID');
  });

  it('an amount that is not a number is refused, not read as zero', () => {
    const raw = {
      InvoiceID: 'i',
      Type: 'ACCREC',
      Status: 'AUTHORISED',
      Contact: { ContactID: 'c' },
      CurrencyCode: 'NZD',
      Total: 100,
      AmountDue: { value: 100 },
    };
    expect(() => mapInvoice(invoiceFromWire(raw))).toThrow('not an amount');
  });

  it('a record that is not an object, or lists that are not arrays, give an empty record', () => {
    expect(() => mapContact(contactFromWire('oops'), 'NZ')).toThrow('contact without ContactID');
    const contact = contactFromWire({ ContactID: 'c', Phones: 'none', ContactPersons: { FirstName: 'A' } });
    expect(mapContact(contact, 'NZ')).toMatchObject({ emails: [], phones: [] });
  });
});
