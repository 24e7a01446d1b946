import { describe, expect, it } from 'vitest';
import type { Language } from '../settings/schema.js';
import { decideCustomer } from './decide-customer.js';
import { explainDecision } from './explain.js';
import { at, customer, input, invoice, nzSettings } from './test-builders.js';
import type { CustomerCadenceInput } from './types.js';

const settings = nzSettings();
const three = [
  invoice({ id: 'a', number: 'INV-A', dueDate: '2026-12-22', amountDue: '150.00' }),
  invoice({ id: 'b', number: 'INV-B', dueDate: '2026-12-15', amountDue: '200.50' }),
  invoice({ id: 'c', number: 'INV-C', dueDate: '2026-11-30', amountDue: '49.50', currency: 'USD' }),
];

describe('explainDecision', () => {
  it.each<[string, Partial<CustomerCadenceInput>, string, Language, string]>([
    [
      'send',
      { invoices: three },
      '2026-12-30T10:00',
      'en',
      'step 4 (day 28): call — 3 invoices, 49.50 USD + 350.50 NZD — Wed 10:00',
    ],
    [
      'send, French',
      { invoices: three },
      '2026-12-30T10:00',
      'fr',
      'étape 4 (jour 28) : appel — 3 factures, 49.50 USD + 350.50 NZD — mer. 10:00',
    ],
    [
      'send with a fallback',
      { invoices: [invoice({ dueDate: '2026-11-23' })] },
      '2026-12-07T10:00',
      'en',
      'step 2 (day 14): call (else SMS) — 1 invoice, 100.00 NZD — Mon 10:00',
    ],
    ['outside the send window', {}, '2026-12-05T10:00', 'en', 'next: step 1 (day 7) Mon 09:00'],
    [
      'weekend with a step due',
      { invoices: [invoice({ dueDate: '2026-11-28' })] },
      '2026-12-05T10:00',
      'en',
      'held: outside send window, next Mon 09:00',
    ],
    [
      'weekend with a step due, French',
      { invoices: [invoice({ dueDate: '2026-11-28' })] },
      '2026-12-05T10:00',
      'fr',
      "suspendu : hors de la plage d'envoi, prochaine lun. 09:00",
    ],
    [
      "a call held by the customer's hours, not the send window (London is 21:30)",
      {
        invoices: [invoice({ stepsDone: [{ stepIndex: 0, on: '2026-12-07' }] })],
        customer: customer({ timeZone: 'Europe/London' }),
      },
      '2026-12-14T10:30',
      'en',
      "held: outside the customer's hours for calls and texts (08:00–21:00 their time), next Tue 09:00",
    ],
    [
      'not due for a while (day 7 is Sun 27, Mon 28 a holiday)',
      { invoices: [invoice({ dueDate: '2026-12-20' })] },
      '2026-12-07T10:00',
      'en',
      'next: step 1 (day 7) Tue 29 Dec 09:00',
    ],
    [
      'disputed',
      { invoices: [invoice({ disputedUntil: '2026-12-12' })] },
      '2026-12-07T10:00',
      'en',
      'held: disputed until 12 Dec',
    ],
    [
      'disputed, French',
      { invoices: [invoice({ disputedUntil: '2026-12-12' })] },
      '2026-12-07T10:00',
      'fr',
      "suspendu : contestée jusqu'au 12 déc.",
    ],
    [
      'credit',
      { unappliedCredits: [{ currency: 'NZD', amount: '800' }] },
      '2026-12-07T10:00',
      'en',
      'held: apply the 800.00 NZD credit first',
    ],
    [
      'no contact',
      { customer: customer({ emails: [], phones: [] }) },
      '2026-12-07T10:00',
      'en',
      'held: no reachable contact (email: no valid email)',
    ],
    [
      'paused',
      { customer: customer({ pausedUntil: '2026-12-12' }) },
      '2026-12-07T10:00',
      'en',
      'held: paused until 2026-12-12',
    ],
    ['paid', { invoices: [invoice({ status: 'paid' })] }, '2026-12-07T10:00', 'en', 'stopped: paid'],
    [
      'unknown delivery flagged',
      { touchpoints: [{ at: at('2026-12-07T09:00'), outcome: 'unknown' }] },
      '2026-12-08T10:00',
      'en',
      'waiting: minimum gap since the last touchpoint, next step 1 (day 7) Mon 09:00 (1 send(s) with unknown outcome, check them)',
    ],
  ])('%s', (_name, overrides, now, locale, expected) => {
    expect(explainDecision(decideCustomer(input(overrides), settings, at(now)), settings, locale)).toBe(
      expected,
    );
  });
});
