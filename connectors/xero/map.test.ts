import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { xeroCalendarDate, xeroInstant } from './dates.js';
import { mapContact, mapCredit, mapEach, mapInvoice, mapPayment } from './map.js';
import { xeroAmount } from './money.js';

const invoice = (overrides: Record<string, unknown> = {}) => ({
  invoiceID: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  invoiceNumber: 'INV-0038',
  type: 'ACCREC',
  status: 'AUTHORISED',
  contact: { contactID: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d' },
  currencyCode: 'NZD',
  total: 2300,
  amountDue: 2000,
  date: '/Date(1791417600000+0000)/',
  dueDate: '/Date(1793836800000+0000)/',
  updatedDateUTC: '/Date(1795300807510+0000)/',
  ...overrides,
});

describe('B17: Xero /Date()/ values are UTC calendar dates, whatever the process time zone', () => {
  it(`keeps 2024-03-31 under TZ=${process.env.TZ ?? '(unset)'}`, () => {
    expect(xeroCalendarDate('/Date(1711843200000+0000)/')).toBe('2024-03-31');
    // xero-node has already turned it into a Date object by the time the sync sees it.
    expect(xeroCalendarDate(new Date(1711843200000))).toBe('2024-03-31');
    expect(mapInvoice(invoice({ dueDate: new Date(1711843200000) })).dueDate).toBe('2024-03-31');
  });

  it('parses negative epochs (before 1970)', () => {
    expect(xeroCalendarDate('/Date(-80006400000+0000)/')).toBe('1967-06-20');
  });

  it('reads instants, with or without an offset, and ISO strings as UTC', () => {
    expect(xeroInstant('/Date(1795300807510+0000)/')?.toISOString()).toBe('2026-11-21T22:40:07.510Z');
    expect(xeroInstant('2019-11-14T18:10:38')?.toISOString()).toBe('2019-11-14T18:10:38.000Z');
    expect(xeroInstant('')).toBeNull();
    expect(xeroCalendarDate('not a date')).toBeNull();
  });
});

describe('amounts are exact decimal strings (B14, B15)', () => {
  it('keeps what Xero sent, never a float artefact', () => {
    expect(xeroAmount(1150.1)).toBe('1150.1');
    expect(xeroAmount(1.005)).toBe('1.005');
    expect(xeroAmount(0.7)).toBe('0.7');
    expect(xeroAmount(4750)).toBe('4750');
    expect(xeroAmount(undefined)).toBe('0');
    expect(() => xeroAmount(Number.NaN)).toThrow();
  });

  it('B15: a USD invoice in a CHF organisation keeps its own currency and amount', () => {
    const mapped = mapInvoice(
      invoice({ currencyCode: 'USD', currencyRate: 0.8993, total: 4750, amountDue: 4750 }),
    );
    expect(mapped).toMatchObject({ currency: 'USD', amountDue: '4750', total: '4750' });
  });
});

describe('invoices', () => {
  it('the amount due is AmountDue, net of credit notes, not Total − AmountPaid (P14)', () => {
    const mapped = mapInvoice(invoice({ amountPaid: 0, amountCredited: 300 }));
    expect(mapped).toMatchObject({
      externalId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      number: 'INV-0038',
      status: 'open',
      total: '2300',
      amountDue: '2000',
      issueDate: '2026-10-08',
      dueDate: '2026-11-05',
    });
  });

  it('B12: a part-paid invoice stays open with the new amount due', () => {
    expect(mapInvoice(invoice({ total: 1000, amountPaid: 400, amountDue: 600 }))).toMatchObject({
      status: 'open',
      amountDue: '600',
    });
  });

  it('B10: voided and deleted invoices are recorded as such, owing nothing', () => {
    expect(mapInvoice(invoice({ status: 'VOIDED', amountDue: 2000 }))).toMatchObject({
      status: 'voided',
      amountDue: '0',
    });
    expect(mapInvoice(invoice({ status: 'DELETED' }))).toMatchObject({ status: 'deleted', amountDue: '0' });
    expect(mapInvoice(invoice({ status: 'PAID', amountDue: 0 }))).toMatchObject({
      status: 'paid',
      amountDue: '0',
    });
    expect(mapInvoice(invoice({ status: 'SUBMITTED' })).status).toBe('draft');
  });

  it('one bad record is skipped and logged; the rest of the page maps', () => {
    const { rows, skipped } = mapEach(
      pino({ level: 'silent' }),
      'invoice',
      [invoice(), invoice({ invoiceID: undefined }), invoice({ status: 'WEIRD' })],
      mapInvoice,
    );
    expect(rows).toHaveLength(1);
    expect(skipped).toBe(2);
  });
});

describe('payments and credits', () => {
  it('P15: a deleted payment is marked deleted', () => {
    const mapped = mapPayment({
      paymentID: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6',
      status: 'DELETED',
      paymentType: 'ACCRECPAYMENT',
      amount: 2300,
      date: '/Date(1794700800000+0000)/',
      invoice: { invoiceID: 'inv-1', contact: { contactID: 'c-1' }, currencyCode: 'NZD' },
    });
    expect(mapped).toMatchObject({
      deleted: true,
      amount: '2300',
      paidOn: '2026-11-15',
      invoiceExternalIds: ['inv-1'],
    });
  });

  it('credit notes carry RemainingCredit; voided ones none', () => {
    const note = {
      creditNoteID: 'cn-1',
      type: 'ACCRECCREDIT',
      status: 'AUTHORISED',
      contact: { contactID: 'c-1' },
      currencyCode: 'NZD',
      total: 300,
      remainingCredit: 80,
    };
    expect(mapCredit('credit_note', note)).toMatchObject({
      kind: 'credit_note',
      remaining: '80',
      total: '300',
      voided: false,
    });
    expect(mapCredit('credit_note', { ...note, status: 'VOIDED' })).toMatchObject({
      remaining: '0',
      voided: true,
    });
    expect(
      mapCredit('overpayment', {
        overpaymentID: 'op-1',
        type: 'RECEIVE-OVERPAYMENT',
        status: 'AUTHORISED',
        currencyCode: 'NZD',
        total: 100,
        remainingCredit: 100,
      }).remaining,
    ).toBe('100');
  });
});

describe('contacts (B29, P20)', () => {
  const kowhai = {
    contactID: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
    contactStatus: 'ACTIVE',
    name: 'Kowhai Cafe Ltd',
    firstName: 'Aroha',
    lastName: 'Ngata',
    emailAddress: 'Accounts@KowhaiCafe.example ',
    contactPersons: [
      { firstName: 'Tom', lastName: 'Reid', emailAddress: 'tom@kowhaicafe.example', includeInEmails: true },
    ],
    phones: [
      { phoneType: 'DEFAULT', phoneNumber: '555 0199', phoneAreaCode: '09', phoneCountryCode: '64' },
      { phoneType: 'DDI', phoneNumber: '', phoneAreaCode: '', phoneCountryCode: '' },
      { phoneType: 'MOBILE', phoneNumber: '555 0123', phoneAreaCode: '021', phoneCountryCode: '+64' },
      { phoneType: 'FAX', phoneNumber: '555 0100', phoneAreaCode: '09', phoneCountryCode: '64' },
    ],
    updatedDateUTC: '/Date(1780373106789+0000)/',
  };

  it('assembles phones into E.164 by type, skipping blanks and faxes; persons are extra emails', () => {
    const c = mapContact(kowhai, 'NZ');
    expect(c.emails).toEqual([
      { value: 'accounts@kowhaicafe.example', name: 'Aroha Ngata', primary: true },
      { value: 'tom@kowhaicafe.example', name: 'Tom Reid', primary: false },
    ]);
    expect(c.phones).toEqual([
      { value: '+6495550199', type: 'unknown', name: null, primary: false },
      { value: '+64215550123', type: 'mobile', name: null, primary: true },
    ]);
    expect(c).toMatchObject({ name: 'Kowhai Cafe Ltd', contactName: 'Aroha Ngata', active: true });
  });

  it('uses the organisation country for numbers without a country code', () => {
    const c = mapContact(
      { contactID: 'x', name: 'X', phones: [{ phoneType: 'MOBILE', phoneNumber: '021 555 0123' }] },
      'NZ',
    );
    expect(c.phones.map((p) => p.value)).toEqual(['+64215550123']);
  });

  it('blank, whitespace and invalid emails and phones leave the contact unreachable rather than wrong', () => {
    for (const [email, phone] of [
      ['', ''],
      ['  ', '  '],
      ['not-an-email', 'abc'],
    ] as const) {
      const c = mapContact(
        {
          contactID: 'f',
          name: 'F',
          emailAddress: email,
          phones: [{ phoneType: 'MOBILE', phoneNumber: phone }],
        },
        'US',
      );
      expect(c.emails).toEqual([]);
      expect(c.phones).toEqual([]);
    }
    const e = mapContact(
      {
        contactID: 'e',
        name: 'E',
        emailAddress: '',
        phones: [{ phoneType: 'MOBILE', phoneNumber: '+1 415 555 0142' }],
      },
      null,
    );
    expect(e.phones).toEqual([{ value: '+14155550142', type: 'mobile', name: null, primary: true }]);
  });

  it('archived contacts are inactive', () => {
    expect(mapContact({ contactID: 'a', name: 'A', contactStatus: 'ARCHIVED' }, null).active).toBe(false);
  });
});
