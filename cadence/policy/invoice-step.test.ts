import { describe, expect, it } from 'vitest';
import { dueStepOfInvoice, type InvoiceStepState } from './invoice-step.js';
import { nzSettings } from './test-builders.js';
import type { StepDone } from './types.js';

const settings = nzSettings();
const due = '2026-11-30';
const done = (...pairs: [number, string][]): StepDone[] =>
  pairs.map(([stepIndex, on]) => ({ stepIndex, on }));

describe('dueStepOfInvoice (steps at days 7, 14, 21, 28; then every 7 days)', () => {
  it.each<[string, string, StepDone[], InvoiceStepState]>([
    [
      'not overdue on the due date',
      '2026-11-30',
      [],
      { kind: 'waiting', daysOverdue: 0, nextStepIndex: 0, nextOn: '2026-12-07' },
    ],
    [
      'day 6: step 1 not reached',
      '2026-12-06',
      [],
      { kind: 'waiting', daysOverdue: 6, nextStepIndex: 0, nextOn: '2026-12-07' },
    ],
    ['day 7: step 1 due', '2026-12-07', [], { kind: 'due', stepIndex: 0, day: 7, daysOverdue: 7 }],
    [
      'day 9, step 1 not done yet: still due',
      '2026-12-09',
      [],
      { kind: 'due', stepIndex: 0, day: 7, daysOverdue: 9 },
    ],
    [
      'day 9, step 1 done: wait for day 14',
      '2026-12-09',
      done([0, '2026-12-07']),
      { kind: 'waiting', daysOverdue: 9, nextStepIndex: 1, nextOn: '2026-12-14' },
    ],
    [
      'catch-up: day 15, nothing done → only step 2',
      '2026-12-15',
      [],
      { kind: 'due', stepIndex: 1, day: 14, daysOverdue: 15 },
    ],
    [
      'no pile-up: step 2 done, step 1 never sent → nothing',
      '2026-12-16',
      done([1, '2026-12-15']),
      { kind: 'waiting', daysOverdue: 16, nextStepIndex: 2, nextOn: '2026-12-21' },
    ],
    [
      'day 30, only step 1 done → step 4',
      '2026-12-30',
      done([0, '2026-12-07']),
      { kind: 'due', stepIndex: 3, day: 28, daysOverdue: 30 },
    ],
    [
      'at most once per step: step 4 done today',
      '2026-12-28',
      done([3, '2026-12-28']),
      { kind: 'waiting', daysOverdue: 28, nextStepIndex: 4, nextOn: '2027-01-04' },
    ],
    [
      'repeat 1 due 7 days after step 4',
      '2027-01-04',
      done([3, '2026-12-28']),
      { kind: 'due', stepIndex: 4, day: 35, daysOverdue: 35 },
    ],
    [
      'repeat counts from when step 4 was actually done',
      '2027-01-04',
      done([3, '2027-01-01']),
      { kind: 'waiting', daysOverdue: 35, nextStepIndex: 4, nextOn: '2027-01-08' },
    ],
    [
      'repeat 2 after repeat 1',
      '2027-01-12',
      done([3, '2026-12-28'], [4, '2027-01-05']),
      { kind: 'due', stepIndex: 5, day: 43, daysOverdue: 43 },
    ],
    [
      'long outage: one repeat, not several',
      '2027-03-01',
      done([3, '2026-12-28']),
      { kind: 'due', stepIndex: 4, day: 91, daysOverdue: 91 },
    ],
    [
      'backlog-age invoice joins at its age, never at earlier steps',
      '2026-12-22',
      [],
      { kind: 'due', stepIndex: 2, day: 21, daysOverdue: 22 },
    ],
    [
      'very old invoice with nothing done gets the final step first',
      '2027-06-01',
      [],
      { kind: 'due', stepIndex: 3, day: 28, daysOverdue: 183 },
    ],
  ])('%s', (_name, today, stepsDone, expected) => {
    expect(dueStepOfInvoice({ dueDate: due, stepsDone }, settings, today)).toEqual(expected);
  });

  it.each<['collections' | 'stop', InvoiceStepState['kind'], string]>([
    ['collections', 'finished', 'handed_to_collections'],
    ['stop', 'finished', 'cadence_complete'],
  ])('after the final step with mode %s → %s (%s)', (mode, kind, reason) => {
    const s = nzSettings({ afterFinalStep: { ...settings.afterFinalStep, mode } });
    expect(dueStepOfInvoice({ dueDate: due, stepsDone: done([3, '2026-12-28']) }, s, '2027-01-04')).toEqual({
      kind,
      reason,
      daysOverdue: 35,
    });
  });

  it('does not hand off before the final step was done', () => {
    const s = nzSettings({ afterFinalStep: { ...settings.afterFinalStep, mode: 'collections' } });
    expect(
      dueStepOfInvoice({ dueDate: due, stepsDone: done([2, '2026-12-21']) }, s, '2027-02-01'),
    ).toMatchObject({
      kind: 'due',
      stepIndex: 3,
    });
  });
});
