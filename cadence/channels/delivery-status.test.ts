import { describe, expect, it } from 'vitest';
import { historyInOrder, laterStatus } from './delivery-status.js';
import { maskRecipient } from './mask.js';
import { withinRecipientHours, nextRecipientOpening } from './recipient-hours.js';

describe('laterStatus', () => {
  it.each([
    ['accepted', 'delivered', 'delivered'],
    ['bounced', 'delivered', 'bounced'],
    ['delivered', 'spam_reported', 'spam_reported'],
    ['sent', 'undelivered', 'undelivered'],
    ['delivered', 'sent', 'delivered'],
    ['answered_human', 'ringing', 'answered_human'],
    ['no_answer', 'accepted', 'no_answer'],
  ] as const)('%s then %s → %s', (current, next, expected) => {
    expect(laterStatus(current, next)).toBe(expected);
  });
});

describe('historyInOrder', () => {
  const entry = (at: string, status: string) => ({ at: `2026-12-03T15:00:${at}Z`, status });
  it('puts a call’s callbacks in the order they happened, attempt by attempt', () => {
    const arrived = [
      entry('00.000', 'sending'),
      entry('00.400', 'failed'),
      entry('30.000', 'sending'),
      entry('30.020', 'answered_human'),
      entry('30.010', 'queued'),
      entry('30.030', 'accepted'),
      entry('30.040', 'ringing'),
      entry('30.050', 'in_progress'),
    ];
    expect(historyInOrder(arrived).map((e) => e.status)).toEqual([
      'sending',
      'failed',
      'sending',
      'queued',
      'accepted',
      'ringing',
      'in_progress',
      'answered_human',
    ]);
  });
});

describe('historyInOrder, histories from before retries opened with sending', () => {
  it('takes a second answer from Dunwise as a new attempt, so a failure never reads as after the delivery', () => {
    const at = (s: string) => `2026-12-03T15:00:${s}Z`;
    const history = [
      { at: at('00'), status: 'sending', source: 'dunwise' },
      { at: at('01'), status: 'failed', source: 'dunwise' },
      { at: at('40'), status: 'accepted', source: 'dunwise' },
      { at: at('39'), status: 'delivered', source: 'sendgrid' },
    ];
    expect(historyInOrder(history).map((e) => e.status)).toEqual([
      'sending',
      'failed',
      'accepted',
      'delivered',
    ]);
  });
});

describe('maskRecipient', () => {
  it.each([
    ['ap@customer.example.com', 'a***@customer.example.com'],
    ['+14155550142', '+***0142'],
    ['12', '***'],
  ])('%s → %s', (value, masked) => expect(maskRecipient(value)).toBe(masked));
});

describe('recipient hours', () => {
  const us = ['America/New_York', 'America/Los_Angeles'];
  it('needs every zone of the recipient inside 08:00–21:00', () => {
    expect(withinRecipientHours(us, new Date('2026-12-03T16:00:00Z'))).toBe(true); // 11:00 / 08:00
    expect(withinRecipientHours(us, new Date('2026-12-03T15:59:00Z'))).toBe(false); // 07:59 in LA
    expect(withinRecipientHours(us, new Date('2026-12-04T02:00:00Z'))).toBe(false); // 21:00 in New York
  });
  it('finds the next opening across DST and zones', () => {
    expect(nextRecipientOpening(us, new Date('2026-12-04T02:00:00Z'))?.toISOString()).toBe(
      '2026-12-04T16:00:00.000Z',
    );
    expect(nextRecipientOpening(['Pacific/Auckland'], new Date('2026-12-03T09:00:00Z'))?.toISOString()).toBe(
      '2026-12-03T19:00:00.000Z',
    );
  });
});
