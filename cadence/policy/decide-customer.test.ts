import { describe, expect, it } from 'vitest';
import type { CadenceSettings } from '../settings/schema.js';
import { decideCustomer } from './decide-customer.js';
import { NZ_MOBILE, at, customer, input, invoice, nzSettings, wall } from './test-builders.js';
import type { CustomerCadenceInput, CustomerDecision, SendDecision } from './types.js';

/** One line per decision, in the organisation's wall-clock time, so the tables read like the spec. */
function summary(d: CustomerDecision): string {
  switch (d.kind) {
    case 'send': {
      const fallback = d.fallback === null ? '' : ` else ${d.fallback}`;
      return `send step ${d.step.index} [${d.channels.join('+')}${fallback}] ${d.tone} at ${wall(d.plannedAt)}`;
    }
    case 'wait':
      return `wait ${d.reason} until ${wall(d.until)}`;
    case 'held':
      return d.reason.text;
    case 'stopped':
      return `stopped: ${d.reason}`;
  }
}

function asSend(d: CustomerDecision): SendDecision {
  if (d.kind !== 'send') throw new Error(`expected a send, got ${summary(d)}`);
  return d;
}

const settings = nzSettings();
const done0 = [{ stepIndex: 0, on: '2026-12-07' }];
const touched = (local: string, outcome: 'sent' | 'unknown' | 'skipped' | 'failed' = 'sent') => [
  { at: at(local), outcome },
];
const withSettings = (o: Partial<CadenceSettings>) => nzSettings(o);

// Due date Mon 30 Nov 2026 (Auckland): day 7 = Mon 7 Dec, 14 = Mon 14, 21 = Mon 21, 28 = Mon 28 (Boxing Day observed).
describe('decideCustomer: the 7-day rule', () => {
  it.each<[string, Partial<CustomerCadenceInput>, CadenceSettings, string, string]>([
    ['day 6: not due yet', {}, settings, '2026-12-06T10:00', 'wait not_due until 2026-12-07T09:00'],
    [
      'day 7 inside the window: step 1 email',
      {},
      settings,
      '2026-12-07T10:00',
      'send step 0 [email] helpful at 2026-12-07T10:00',
    ],
    [
      'day 7 at 00:30 local (still day 6 in UTC): wait for 09:00',
      {},
      settings,
      '2026-12-07T00:30',
      'wait outside_send_window until 2026-12-07T09:00',
    ],
    [
      'day 14: call with SMS fallback',
      { invoices: [invoice({ stepsDone: done0 })], touchpoints: touched('2026-12-07T10:00') },
      settings,
      '2026-12-14T10:00',
      'send step 1 [call else sms] curious at 2026-12-14T10:00',
    ],
    [
      'day 21: email + SMS',
      { invoices: [invoice({ stepsDone: [{ stepIndex: 1, on: '2026-12-14' }] })] },
      settings,
      '2026-12-21T10:00',
      'send step 2 [email+sms] professional at 2026-12-21T10:00',
    ],
    [
      'day 28 falls on a public holiday: next business day',
      { invoices: [invoice({ stepsDone: [{ stepIndex: 2, on: '2026-12-21' }] })] },
      settings,
      '2026-12-28T10:00',
      'wait outside_send_window until 2026-12-29T09:00',
    ],
    [
      'day 28 step on the next business day: call',
      { invoices: [invoice({ stepsDone: [{ stepIndex: 2, on: '2026-12-21' }] })] },
      settings,
      '2026-12-29T09:00',
      'send step 3 [call] serious at 2026-12-29T09:00',
    ],
    [
      'weekend: wait until Monday',
      { invoices: [invoice({ dueDate: '2026-12-05' })] },
      settings,
      '2026-12-12T10:00',
      'wait outside_send_window until 2026-12-14T09:00',
    ],
    [
      'catch-up: day 16 with nothing sent sends step 2 only',
      {},
      settings,
      '2026-12-16T10:00',
      'send step 1 [call else sms] curious at 2026-12-16T10:00',
    ],
    [
      'no pile-up: step 1 is never sent after step 2',
      { invoices: [invoice({ stepsDone: [{ stepIndex: 1, on: '2026-12-16' }] })] },
      settings,
      '2026-12-18T10:00',
      'wait not_due until 2026-12-21T09:00',
    ],
    [
      'after step 4: repeat every 7 days, email + SMS, firm',
      { invoices: [invoice({ stepsDone: [{ stepIndex: 3, on: '2026-12-29' }] })] },
      settings,
      '2027-01-05T10:00',
      'send step 4 [email+sms] firm at 2027-01-05T10:00',
    ],
    [
      'after step 4: hand off to collections',
      { invoices: [invoice({ stepsDone: [{ stepIndex: 3, on: '2026-12-29' }] })] },
      withSettings({ afterFinalStep: { ...settings.afterFinalStep, mode: 'collections' } }),
      '2027-01-05T10:00',
      'stopped: handed_to_collections',
    ],
    [
      'after step 4: stop',
      { invoices: [invoice({ stepsDone: [{ stepIndex: 3, on: '2026-12-29' }] })] },
      withSettings({ afterFinalStep: { ...settings.afterFinalStep, mode: 'stop' } }),
      '2027-01-05T10:00',
      'stopped: cadence_complete',
    ],
  ])('%s', (_name, overrides, s, now, expected) => {
    expect(summary(decideCustomer(input(overrides), s, at(now)))).toBe(expected);
  });
});

describe('decideCustomer: gaps between touchpoints (B20)', () => {
  const second = invoice({ id: 'i2', number: 'INV-002', dueDate: '2026-11-25' }); // its day 14 is Wed 9 Dec
  it.each<[string, Partial<CustomerCadenceInput>, string, string]>([
    [
      'never twice on the same local day',
      { invoices: [invoice({ stepsDone: done0 }), second], touchpoints: touched('2026-12-07T09:05') },
      '2026-12-07T15:00',
      'wait same_day until 2026-12-14T09:00',
    ],
    [
      'at least minGapDays (5) since the last touchpoint',
      { invoices: [invoice({ stepsDone: done0 }), second], touchpoints: touched('2026-12-07T09:05') },
      '2026-12-09T10:00',
      'wait min_gap until 2026-12-14T09:00',
    ],
    [
      'an unknown delivery counts as a touchpoint',
      {
        invoices: [invoice({ stepsDone: done0 }), second],
        touchpoints: touched('2026-12-07T09:05', 'unknown'),
      },
      '2026-12-09T10:00',
      'wait min_gap until 2026-12-14T09:00',
    ],
    [
      'a skipped (approve-first) touchpoint does not count',
      { invoices: [invoice(), second], touchpoints: touched('2026-12-07T09:05', 'skipped') },
      '2026-12-09T10:00',
      'send step 1 [call else sms] curious at 2026-12-09T10:00',
    ],
    [
      'the gap has passed',
      { invoices: [invoice({ stepsDone: done0 }), second], touchpoints: touched('2026-12-07T09:05') },
      '2026-12-14T09:00',
      'send step 1 [call else sms] curious at 2026-12-14T09:00',
    ],
  ])('%s', (_name, overrides, now, expected) => {
    expect(summary(decideCustomer(input(overrides), settings, at(now)))).toBe(expected);
  });

  it('surfaces unknown deliveries as warnings instead of retrying them', () => {
    const d = decideCustomer(
      input({ touchpoints: touched('2026-12-07T09:05', 'unknown') }),
      settings,
      at('2026-12-08T10:00'),
    );
    expect(d.warnings).toEqual([{ code: 'unknown_delivery', at: at('2026-12-07T09:05') }]);
  });

  it('a tick every minute for an hour, then twice a day for weeks, sends each step once (simulated planner)', () => {
    let state = input();
    const sends: string[] = [];
    const ticks: string[] = [];
    for (let m = 0; m < 60; m++) ticks.push(`2026-12-07T09:${String(m).padStart(2, '0')}`);
    for (let day = 8; day <= 31; day++) {
      const dd = String(day).padStart(2, '0');
      ticks.push(`2026-12-${dd}T09:00`, `2026-12-${dd}T09:01`);
    }
    for (const tick of ticks) {
      const d = decideCustomer(state, settings, at(tick));
      if (d.kind !== 'send') continue;
      sends.push(`${tick} step ${d.step.index}`);
      const today = tick.slice(0, 10);
      state = {
        ...state,
        touchpoints: [...state.touchpoints, { at: at(tick), outcome: 'sent' }],
        invoices: state.invoices.map((i) => ({
          ...i,
          stepsDone: [...i.stepsDone, { stepIndex: d.step.index, on: today }],
        })),
      };
    }
    expect(sends).toEqual([
      '2026-12-07T09:00 step 0',
      '2026-12-14T09:00 step 1',
      '2026-12-21T09:00 step 2',
      '2026-12-29T09:00 step 3', // Mon 28 is Boxing Day observed
    ]);
  });
});

describe('decideCustomer: grouping per customer', () => {
  it('a customer with invoices at day 8, 15 and 30 gets one message at the day-28 step listing all three', () => {
    const invoices = [
      invoice({ id: 'a', number: 'INV-A', dueDate: '2026-12-22', amountDue: '150.00' }),
      invoice({ id: 'b', number: 'INV-B', dueDate: '2026-12-15', amountDue: '200.50' }),
      invoice({ id: 'c', number: 'INV-C', dueDate: '2026-11-30', amountDue: '49.50' }),
    ];
    const d = asSend(decideCustomer(input({ invoices }), settings, at('2026-12-30T10:00')));
    expect(d.step).toEqual({ index: 3, number: 4, day: 28, isRepeat: false });
    expect(d.channels).toEqual(['call']);
    expect(d.invoices.map((i) => [i.number, i.daysOverdue, i.reachesStep])).toEqual([
      ['INV-C', 30, 3],
      ['INV-B', 15, 1],
      ['INV-A', 8, 0],
    ]);
    expect(d.totals).toEqual([{ currency: 'NZD', amountDue: '400.00' }]);
  });

  it('lists an overdue invoice with no new step due without marking a step for it', () => {
    const invoices = [
      invoice({ id: 'a', number: 'INV-A', stepsDone: done0 }),
      invoice({ id: 'b', number: 'INV-B', dueDate: '2026-11-23' }),
    ];
    const d = asSend(decideCustomer(input({ invoices }), settings, at('2026-12-09T10:00')));
    expect(d.invoices.map((i) => [i.number, i.reachesStep])).toEqual([
      ['INV-B', 1],
      ['INV-A', null],
    ]);
  });

  it('keeps currencies apart and amounts exactly as the source gives them (B15)', () => {
    const invoices = [
      invoice({ id: 'u', number: 'INV-U', currency: 'USD', amountDue: '4750.00' }),
      invoice({ id: 'e', number: 'INV-E', currency: 'EUR', amountDue: '100.00' }),
    ];
    const d = asSend(decideCustomer(input({ invoices }), settings, at('2026-12-07T10:00')));
    expect(d.invoices.map((i) => `${i.currency} ${i.amountDue}`)).toEqual(['EUR 100.00', 'USD 4750.00']);
    expect(d.totals).toEqual([
      { currency: 'EUR', amountDue: '100.00' },
      { currency: 'USD', amountDue: '4750.00' },
    ]);
  });

  it("sums decimal strings exactly and leaves '0.00' out (B14)", () => {
    const invoices = ['10.10', '20.20', '0.70', '0.00'].map((amountDue, n) =>
      invoice({ id: `i${n}`, number: `INV-${n}`, amountDue }),
    );
    const d = asSend(decideCustomer(input({ invoices }), settings, at('2026-12-07T10:00')));
    expect(d.totals).toEqual([{ currency: 'NZD', amountDue: '31.00' }]);
    expect(d.invoices).toHaveLength(3);
  });

  it('a partial payment does not reset the clock; the current amount due is used (B12)', () => {
    const partlyPaid = invoice({ amountDue: '600.00', stepsDone: done0 });
    const d = asSend(decideCustomer(input({ invoices: [partlyPaid] }), settings, at('2026-12-14T10:00')));
    expect([d.step.index, d.invoices[0]?.amountDue]).toEqual([1, '600.00']);
  });
});

describe('decideCustomer: stops and holds', () => {
  const disputed = invoice({ id: 'd', number: 'INV-D', disputedUntil: '2026-12-12' });
  it.each<[string, Partial<CustomerCadenceInput>, CadenceSettings, string]>([
    ['paid', { invoices: [invoice({ status: 'paid', amountDue: '0.00' })] }, settings, 'stopped: paid'],
    [
      "amount due '0.00' (credited to zero)",
      { invoices: [invoice({ amountDue: '0.00' })] },
      settings,
      'stopped: paid',
    ],
    [
      'voided and deleted',
      { invoices: [invoice({ status: 'voided' }), invoice({ id: 'x', status: 'deleted' })] },
      settings,
      'stopped: no_open_invoices',
    ],
    ['no invoices at all', { invoices: [] }, settings, 'stopped: no_open_invoices'],
    ['customer excluded', { customer: customer({ excluded: true }) }, settings, 'stopped: excluded'],
    [
      'below the minimum for its currency',
      {},
      withSettings({ minimumAmount: { NZD: '150.00' } }),
      'stopped: below_minimum',
    ],
    [
      'a minimum in another currency does not apply',
      {},
      withSettings({ minimumAmount: { USD: '150.00' } }),
      'send step 0 [email] helpful at 2026-12-07T10:00',
    ],
    [
      'the minimum applies to the customer total in that currency',
      { invoices: [invoice(), invoice({ id: 'i2', number: 'INV-2', amountDue: '60.00' })] },
      withSettings({ minimumAmount: { NZD: '150.00' } }),
      'send step 0 [email] helpful at 2026-12-07T10:00',
    ],
    [
      'backlog not chased under newly_overdue',
      { invoices: [invoice({ overdueAtConnect: true })] },
      settings,
      'stopped: backlog',
    ],
    [
      'backlog joins at its age under include_backlog',
      { invoices: [invoice({ overdueAtConnect: true, dueDate: '2026-11-20' })] },
      withSettings({ backlogPolicy: 'include_backlog' }),
      'send step 1 [call else sms] curious at 2026-12-07T10:00',
    ],
    [
      'a backlog invoice enrolled by the user joins at its age',
      { invoices: [invoice({ overdueAtConnect: true, enrolled: true, dueDate: '2026-11-09' })] },
      settings,
      'send step 3 [call] serious at 2026-12-07T10:00',
    ],
    ['disputed until a date', { invoices: [disputed] }, settings, 'held: disputed until 12 Dec'],
    ['disputed with no end', { invoices: [invoice({ disputed: true })] }, settings, 'held: disputed'],
    [
      'disputed invoice held, the others continue',
      { invoices: [disputed, invoice()] },
      settings,
      'send step 0 [email] helpful at 2026-12-07T10:00',
    ],
    [
      'promise to pay until a date',
      { invoices: [invoice({ promiseToPayUntil: '2026-12-10' })] },
      settings,
      'held: promise to pay until 10 Dec',
    ],
    [
      'a promise that has lapsed',
      { invoices: [invoice({ promiseToPayUntil: '2026-12-06' })] },
      settings,
      'send step 0 [email] helpful at 2026-12-07T10:00',
    ],
    [
      'customer paused',
      { customer: customer({ pausedUntil: '2026-12-12' }) },
      settings,
      'held: paused until 2026-12-12',
    ],
    ['autopilot off', {}, withSettings({ autopilot: false }), 'held: autopilot is off'],
    [
      'connection needs reconnect',
      { organisation: { needsReconnect: true, emailDisabled: false } },
      settings,
      'held: needs reconnect',
    ],
    [
      'unapplied credit on account',
      { unappliedCredits: [{ currency: 'NZD', amount: '800' }] },
      settings,
      'held: apply the 800.00 NZD credit first',
    ],
    [
      'a zero credit does not hold',
      { unappliedCredits: [{ currency: 'NZD', amount: '0.00' }] },
      settings,
      'send step 0 [email] helpful at 2026-12-07T10:00',
    ],
    [
      'a queued touchpoint awaits approval',
      { pendingApprovalSince: at('2026-12-07T09:00') },
      settings,
      'held: awaiting approval',
    ],
    [
      'invoice with no due date',
      { invoices: [invoice({ dueDate: null })] },
      settings,
      'held: invoice has no due date',
    ],
    [
      'invoice with a malformed due date',
      { invoices: [invoice({ dueDate: '30/11/2026' })] },
      settings,
      'held: invoice has no due date',
    ],
  ])('%s', (_name, overrides, s, expected) => {
    expect(summary(decideCustomer(input(overrides), s, at('2026-12-07T10:00')))).toBe(expected);
  });

  it('a hold with an end date says when it lifts', () => {
    const d = decideCustomer(
      input({ customer: customer({ pausedUntil: '2026-12-12' }) }),
      settings,
      at('2026-12-07T10:00'),
    );
    expect(d.kind === 'held' && d.until && wall(d.until)).toBe('2026-12-13T00:00');
  });

  it('approve-first proposes the touchpoint for approval', () => {
    const d = asSend(
      decideCustomer(input(), withSettings({ mode: 'approve_first' }), at('2026-12-07T10:00')),
    );
    expect(d.approvalRequired).toBe(true);
  });
});

describe('decideCustomer: reachability (B29) and recipient hours', () => {
  const phone = (
    o: Partial<{
      number: string;
      type: 'mobile' | 'landline';
      usable: boolean;
      sms: boolean;
      call: boolean;
    }> = {},
  ) => ({
    number: o.number ?? NZ_MOBILE,
    type: o.type ?? 'mobile',
    usable: o.usable ?? true,
    optedOut: { sms: o.sms ?? false, call: o.call ?? false },
  });
  const day21 = [invoice({ stepsDone: [{ stepIndex: 1, on: '2026-12-14' }] })];
  const day14 = [invoice({ stepsDone: done0 })];

  it.each<[string, Partial<CustomerCadenceInput>, string, string]>([
    [
      'E: empty email, a phone → SMS only on the email+SMS step',
      { invoices: day21, customer: customer({ emails: [{ address: '', usable: true }] }) },
      '2026-12-21T10:00',
      'send step 2 [sms] professional at 2026-12-21T10:00',
    ],
    [
      'F: no email, no phone',
      { customer: customer({ emails: [], phones: [] }) },
      '2026-12-07T10:00',
      'held: no reachable contact (email: no valid email)',
    ],
    [
      'G: blank email, blank phone',
      { customer: customer({ emails: [{ address: '  ', usable: true }], phones: [phone({ number: '' })] }) },
      '2026-12-07T10:00',
      'held: no reachable contact (email: no valid email)',
    ],
    [
      'H: not-an-email',
      { customer: customer({ emails: [{ address: 'not-an-email', usable: true }], phones: [] }) },
      '2026-12-07T10:00',
      'held: no reachable contact (email: no valid email)',
    ],
    [
      'an email marked unusable (hard bounce)',
      { customer: customer({ emails: [{ address: 'a@b.example', usable: false }] }) },
      '2026-12-07T10:00',
      'held: no reachable contact (email: no valid email)',
    ],
    [
      'SMS opted out: removed from the email+SMS step',
      { invoices: day21, customer: customer({ phones: [phone({ sms: true })] }) },
      '2026-12-21T10:00',
      'send step 2 [email] professional at 2026-12-21T10:00',
    ],
    [
      'calls opted out: the SMS fallback takes the call’s place',
      { invoices: day14, customer: customer({ phones: [phone({ call: true })] }) },
      '2026-12-14T10:00',
      'send step 1 [sms] curious at 2026-12-14T10:00',
    ],
    [
      'a landline: call without SMS fallback',
      {
        invoices: day14,
        customer: customer({ phones: [phone({ number: '+6493001234', type: 'landline' })] }),
      },
      '2026-12-14T10:00',
      'send step 1 [call] curious at 2026-12-14T10:00',
    ],
    [
      'everything opted out',
      { invoices: day14, customer: customer({ phones: [phone({ sms: true, call: true })] }) },
      '2026-12-14T10:00',
      'held: no reachable contact (call: opted out, SMS: opted out)',
    ],
    [
      'email disabled on the account',
      { organisation: { needsReconnect: false, emailDisabled: true } },
      '2026-12-07T10:00',
      'held: no reachable contact (email: email disabled on the account)',
    ],
    [
      'recipient in London: call waits for their 08:00 (their hours, not the send window, hold it)',
      { invoices: day14, customer: customer({ timeZone: 'Europe/London' }) },
      '2026-12-14T10:30',
      'wait outside_recipient_hours until 2026-12-15T09:00',
    ],
    [
      'recipient zone from a US number (no zone known)',
      { invoices: day14, customer: customer({ country: 'US', phones: [phone({ number: '+14155550142' })] }) },
      '2026-12-14T10:30',
      'send step 1 [call else sms] curious at 2026-12-14T10:30',
    ],
    [
      'windows never meet: phone channels dropped, email kept',
      { invoices: day21, customer: customer({ timeZone: 'Europe/Berlin' }) },
      '2026-12-21T10:00',
      'send step 2 [email] professional at 2026-12-21T10:00',
    ],
  ])('%s', (_name, overrides, now, expected) => {
    expect(summary(decideCustomer(input(overrides), settings, at(now)))).toBe(expected);
  });

  it('reports why each removed channel was removed, and where to send', () => {
    const d = asSend(
      decideCustomer(
        input({ invoices: day21, customer: customer({ phones: [phone({ sms: true })] }) }),
        settings,
        at('2026-12-21T10:00'),
      ),
    );
    expect(d.removedChannels).toEqual([{ channel: 'sms', reason: 'opted_out' }]);
    expect(d.recipients).toEqual({ emails: ['accounts@kowhai.example'], sms: null, phone: null });
  });

  it('uses the customer language override', () => {
    const d = asSend(
      decideCustomer(input({ customer: customer({ language: 'fr' }) }), settings, at('2026-12-07T10:00')),
    );
    expect(d.language).toBe('fr');
  });
});

describe('decideCustomer: day counting across daylight-saving changes', () => {
  const ny = nzSettings({ timeZone: 'America/New_York', holidayCountry: 'US' });
  const london = nzSettings({ timeZone: 'Europe/London', holidayCountry: 'GB' });
  it.each<[string, CadenceSettings, string, string, string]>([
    // Due Mon 2 Mar; day 7 is Mon 9 Mar, the day after clocks go forward: 09:30 EDT is 13:30Z.
    ['New York, spring forward', ny, '2026-03-02', '2026-03-09T13:30:00Z', 'send'],
    ['New York, 08:30 EDT is before the window', ny, '2026-03-02', '2026-03-09T12:30:00Z', 'wait'],
    // Due Mon 26 Oct; clocks went back on Sun 25 Oct: 09:00 GMT is 09:00Z.
    ['London, after fall back', london, '2026-10-19', '2026-10-26T09:00:00Z', 'send'],
    ['London, 08:59 GMT', london, '2026-10-19', '2026-10-26T08:59:00Z', 'wait'],
    // Auckland: due Wed 30 Sep; day 7 is Wed 7 Oct in NZDT (+13): 09:00 local = 20:00Z on 6 Oct.
    ['Auckland, after spring forward', settings, '2026-09-30', '2026-10-06T20:00:00Z', 'send'],
    ['Auckland, 19:59Z is 08:59 local', settings, '2026-09-30', '2026-10-06T19:59:00Z', 'wait'],
  ])('%s', (_name, s, dueDate, now, kind) => {
    expect(decideCustomer(input({ invoices: [invoice({ dueDate })] }), s, new Date(now)).kind).toBe(kind);
  });
});

describe('decideCustomer: bad data is held or dropped, never thrown', () => {
  it.each<[string, Partial<CustomerCadenceInput>, string]>([
    ['an amount that is not a number', { invoices: [invoice({ amountDue: 'n/a' })] }, 'stopped: paid'],
    ['a malformed pause date', { customer: customer({ pausedUntil: 'soon' }) }, 'held: paused'],
    [
      'a malformed promise date',
      { invoices: [invoice({ promiseToPayUntil: '2026-13-40' })] },
      'held: promise to pay',
    ],
    [
      'a malformed step date counts the step as done',
      { invoices: [invoice({ stepsDone: [{ stepIndex: 0, on: '' }] })] },
      'wait not_due until 2026-12-14T09:00',
    ],
    [
      'an invalid touchpoint instant is ignored',
      { touchpoints: [{ at: new Date(Number.NaN), outcome: 'sent' }] },
      'send step 0 [email] helpful at 2026-12-07T10:00',
    ],
    [
      'an unknown customer time zone falls back to the phone number',
      { customer: customer({ timeZone: 'Nowhere/City' }) },
      'send step 0 [email] helpful at 2026-12-07T10:00',
    ],
    [
      'an unknown currency',
      { invoices: [invoice({ currency: 'XQZ' })] },
      'send step 0 [email] helpful at 2026-12-07T10:00',
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(summary(decideCustomer(input(overrides), settings, at('2026-12-07T10:00')))).toBe(expected);
  });
});
