import { describe, expect, it } from 'vitest';
import { buildDueCompany, STEP_CHANNELS } from './tick-books.js';
import { chooseRegion, tickMoment } from './tick-moment.js';

describe('the cadence tick bench books', () => {
  it('puts the customers where calls are allowed now: the UK by day, New Zealand by night (UTC)', () => {
    expect(chooseRegion(new Date('2026-12-03T12:00:00Z')).country).toBe('GB');
    expect(chooseRegion(new Date('2026-12-03T23:00:00Z')).country).toBe('NZ');
  });

  it('ticks at 10:00 on the next working day, skipping weekends and public holidays', () => {
    const gb = chooseRegion(new Date('2026-12-25T12:00:00Z'));
    // Friday 25 December: Christmas; Monday 28: Boxing Day's substitute; Tuesday 29 December is the first working day.
    const moment = tickMoment(gb, new Date('2026-12-25T12:00:00Z'));
    expect(moment).toEqual({ localDate: '2026-12-29', at: new Date('2026-12-29T10:00:00Z') });
  });

  it('makes each customer due exactly one step, in turn, with its own email and a valid mobile', () => {
    const region = { country: 'NZ', timeZone: 'Pacific/Auckland', currency: 'NZD' } as const;
    const { company, due } = buildDueCompany(3, 8, '2026-12-07', region);
    expect(company.provider).toBe('xero');
    expect(due.map((d) => d.step)).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    expect(new Set(due.map((d) => d.mobile)).size).toBe(8);
    const overdue = company.invoices.filter((i) => i.dueDate < '2026-12-07').map((i) => i.dueDate);
    expect(overdue).toEqual([
      '2026-11-30',
      '2026-11-23',
      '2026-11-16',
      '2026-11-09',
      '2026-11-30',
      '2026-11-23',
      '2026-11-16',
      '2026-11-09',
    ]);
    expect(company.invoices).toHaveLength(16);
    expect(STEP_CHANNELS[3]).toEqual(['email', 'sms']);
  });
});
