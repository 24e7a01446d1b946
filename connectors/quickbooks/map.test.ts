import { describe, expect, it } from 'vitest';
import { parseJsonKeepingNumbers } from './json.js';
import { mapCustomer, mapInvoice, mapPayment } from './map.js';
import { CustomerSchema, InvoiceSchema, PaymentSchema } from './schemas.js';
import { sanitiseNote, NOTE_MAX } from './note-text.js';
import { resolveTimeZone } from './company.js';
import { errorFor } from './errors.js';
import { tokenHealth } from './token-health.js';

const ctx = { homeCurrency: 'USD', companyCountry: 'US' };
const customer = (fields: Record<string, unknown>) =>
  mapCustomer(CustomerSchema.parse({ Id: '1', DisplayName: 'Acme', ...fields }), ctx);

describe('parseJsonKeepingNumbers', () => {
  it('keeps every number as the exact text sent (B14/B15: no float on the way in)', () => {
    const parsed = parseJsonKeepingNumbers(
      '{"a": 4750.10, "b": [0.1, -2, 1e3], "c": "say \\"5.50\\"", "d": true}',
    );
    expect(parsed).toEqual({ a: '4750.10', b: ['0.1', '-2', '1e3'], c: 'say "5.50"', d: true });
  });

  it('skips strings however they end, and refuses what is not JSON', () => {
    const text = String.raw`{"path": "C:\\", "n": 12.50, "memo": "2 \\\" 3", "e": [], "z": -0.5}`;
    expect(parseJsonKeepingNumbers(text)).toEqual({
      path: 'C:\\',
      n: '12.50',
      memo: '2 \\" 3',
      e: [],
      z: '-0.5',
    });
    expect(() => parseJsonKeepingNumbers('{"a": 01}')).toThrow(SyntaxError);
    expect(() => parseJsonKeepingNumbers('{"a": 1.2.3}')).toThrow(SyntaxError);
    expect(() => parseJsonKeepingNumbers('{"a": "unterminated}')).toThrow(SyntaxError);
    expect(() => parseJsonKeepingNumbers('{1: 2}')).toThrow(SyntaxError);
    expect(() => parseJsonKeepingNumbers('{"a": {-1 :2}}')).toThrow(SyntaxError);
  });
});

describe('mapInvoice', () => {
  const invoice = (fields: Record<string, unknown>) =>
    mapInvoice(
      InvoiceSchema.parse(
        parseJsonKeepingNumbers(
          JSON.stringify({
            Id: '1',
            CustomerRef: { value: '58' },
            TotalAmt: '0',
            Balance: '0',
            ...fields,
          }).replace(/"(-?\d+\.\d+)"/g, '$1'),
        ),
      ),
      ctx,
    );

  it('B10: a zeroed invoice with the "Voided" memo is voided, not paid', () => {
    expect(invoice({ TotalAmt: '0', Balance: '0', PrivateNote: 'Voided' }).status).toBe('voided');
    expect(invoice({ TotalAmt: '250.00', Balance: '0.00' }).status).toBe('paid');
    expect(invoice({ TotalAmt: '250.00', Balance: '0.01' }).status).toBe('open');
  });

  it('B12/B15: amount due is Balance as sent, in the invoice currency, never HomeBalance', () => {
    const mapped = invoice({
      TotalAmt: '4750.00',
      Balance: '4750.00',
      HomeBalance: '4271.68',
      CurrencyRef: { value: 'EUR' },
      DueDate: '2026-07-14-07:00',
    });
    expect(mapped).toMatchObject({
      amountDue: '4750.00',
      total: '4750.00',
      currency: 'EUR',
      dueDate: '2026-07-14',
    });
  });

  it('falls back to the home currency when multicurrency is off (no CurrencyRef)', () => {
    expect(invoice({ TotalAmt: '1.00', Balance: '1.00' }).currency).toBe('USD');
  });
});

describe('mapCustomer', () => {
  it('B29: blank or invalid emails and phones are dropped, so the customer shows as unreachable', () => {
    expect(
      customer({ PrimaryEmailAddr: { Address: '  ' }, PrimaryPhone: { FreeFormNumber: '' } }),
    ).toMatchObject({
      emails: [],
      phones: [],
    });
    expect(customer({ PrimaryEmailAddr: { Address: 'not-an-email' } }).emails).toEqual([]);
    expect(customer({}).emails).toEqual([]);
  });

  it('types Mobile as mobile and PrimaryPhone as landline, normalised to E.164', () => {
    const mapped = customer({
      PrimaryEmailAddr: { Address: 'ap@acme-fab.example' },
      PrimaryPhone: { FreeFormNumber: '(312) 555-0144' },
      Mobile: { FreeFormNumber: '312-555-0199' },
      BillAddr: { Country: 'USA' },
      GivenName: 'Dana',
      FamilyName: 'Ortiz',
    });
    expect(mapped.country).toBe('US');
    expect(mapped.contactName).toBe('Dana Ortiz');
    expect(mapped.emails).toEqual([{ value: 'ap@acme-fab.example', name: 'Dana Ortiz', primary: true }]);
    expect(mapped.phones).toEqual([
      { value: '+13125550199', type: 'mobile', name: 'Dana Ortiz', primary: true },
      { value: '+13125550144', type: 'landline', name: 'Dana Ortiz', primary: false },
    ]);
  });

  it('keeps inactive customers as inactive', () => {
    expect(customer({ Active: false }).active).toBe(false);
  });
});

describe('mapPayment', () => {
  it('links every invoice the payment applies to and keeps the unapplied credit', () => {
    const mapped = mapPayment(
      PaymentSchema.parse({
        Id: '311',
        TotalAmt: '1000.00',
        UnappliedAmt: '250.00',
        Line: [
          { Amount: '500.00', LinkedTxn: [{ TxnId: '1043', TxnType: 'Invoice' }] },
          {
            Amount: '250.00',
            LinkedTxn: [
              { TxnId: '1051', TxnType: 'Invoice' },
              { TxnId: '9', TxnType: 'CreditMemo' },
            ],
          },
        ],
      }),
      ctx,
    );
    expect(mapped).toMatchObject({
      invoiceExternalIds: ['1043', '1051'],
      amount: '1000.00',
      unappliedAmount: '250.00',
    });
  });
});

describe('sanitiseNote (B28)', () => {
  it('normalises to NFC and removes emoji', () => {
    const text = sanitiseNote(
      'Reminder #3 sent to Zoe\u0308 Ørsted-Łukasiewicz 🙂 — amount due €1 234,56 👍🏽',
    );
    expect(text).toBe('Reminder #3 sent to Zoë Ørsted-Łukasiewicz — amount due €1 234,56');
    expect(text).toBe(text.normalize('NFC'));
  });

  it('cuts to the limit with an ellipsis without splitting a character', () => {
    const long = `${'x'.repeat(1998)}e\u0301e\u0301 and more`;
    const cut = sanitiseNote(long);
    expect(cut.length).toBeLessThanOrEqual(NOTE_MAX);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/[\uD800-\uDFFF]/);
    expect(sanitiseNote('a'.repeat(5000)).length).toBe(NOTE_MAX);
  });
});

describe('errors', () => {
  it('B21: an XML throttle reply is rate_limited with Retry-After (default 60 s), not an auth or parse error', () => {
    const xml =
      '<IntuitResponse><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message></Error></Fault></IntuitResponse>';
    expect(errorFor(429, xml, null)).toMatchObject({
      kind: 'rate_limited',
      faultCode: '3001',
      details: { retryAfterMs: 60_000 },
    });
    expect(errorFor(429, xml, '7')).toMatchObject({ details: { retryAfterMs: 7000 } });
  });

  it('classifies 5010, 610 and 5xx', () => {
    const fault = (code: string) =>
      JSON.stringify({ Fault: { Error: [{ Message: 'x', code }], type: 'ValidationFault' } });
    expect(errorFor(400, fault('5010'), null)).toMatchObject({ kind: 'rejected', faultCode: '5010' });
    expect(errorFor(400, fault('610'), null)).toMatchObject({ kind: 'not_found' });
    expect(errorFor(503, 'upstream', null)).toMatchObject({ kind: 'transient' });
  });
});

describe('resolveTimeZone', () => {
  it('uses the company time zone when given, else the state or country, else a documented default', () => {
    expect(resolveTimeZone('America/Denver', 'US', 'IL')).toEqual({
      timeZone: 'America/Denver',
      timeZoneSource: 'company',
    });
    expect(resolveTimeZone(undefined, 'US', 'IL')).toEqual({
      timeZone: 'America/Chicago',
      timeZoneSource: 'country',
    });
    expect(resolveTimeZone('Not/AZone', 'GB', undefined)).toEqual({
      timeZone: 'Europe/London',
      timeZoneSource: 'country',
    });
    expect(resolveTimeZone(undefined, null, undefined)).toEqual({
      timeZone: 'America/New_York',
      timeZoneSource: 'default',
    });
  });
});

describe('tokenHealth', () => {
  const now = new Date('2026-12-03T00:00:00Z');
  const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000);
  it('warns 30 days before the rolling or the hard expiry, whichever comes first', () => {
    expect(
      tokenHealth({ refresh_token_expires_at: inDays(100), refresh_token_hard_expires_at: null }, now),
    ).toBe('ok');
    expect(
      tokenHealth({ refresh_token_expires_at: inDays(100), refresh_token_hard_expires_at: inDays(29) }, now),
    ).toBe('reconnect_soon');
    expect(
      tokenHealth({ refresh_token_expires_at: inDays(-1), refresh_token_hard_expires_at: null }, now),
    ).toBe('expired');
    expect(tokenHealth({ refresh_token_expires_at: null, refresh_token_hard_expires_at: null }, now)).toBe(
      'ok',
    );
  });
});
