import type { CadenceSettings, Channel, Tone } from '../settings/schema.js';
import { addDays, daysBetween } from './calendar.js';
import type { LocalDate, StepDone } from './types.js';

/** Where one invoice stands in the cadence on a given organisation-local date. */
export type InvoiceStepState =
  /** `stepIndex` is due today (the latest one reached and not done: earlier missed steps are skipped). */
  | { kind: 'due'; stepIndex: number; day: number; daysOverdue: number }
  /** Nothing due today; `nextStepIndex` becomes due on `nextOn`. `daysOverdue` ≤ 0 means not yet overdue. */
  | { kind: 'waiting'; daysOverdue: number; nextStepIndex: number; nextOn: LocalDate }
  /** The final step is done and the settings say hand off to collections, or stop. */
  | { kind: 'finished'; reason: 'handed_to_collections' | 'cadence_complete'; daysOverdue: number };

/**
 * The "due step" of one invoice on `today` (a date in the organisation's zone).
 *
 * Day N is N calendar days after the due date. The step due is the latest configured step whose day has been
 * reached, if no step at or after it is done ("catch up without pile-up"). Once the final step is done, repeats
 * (index steps.length + k) fall `everyDays` after the last step done — counted from when it was actually done,
 * so a late final step never makes a repeat follow it too soon — unless the settings hand off or stop.
 */
export function dueStepOfInvoice(
  invoice: { dueDate: LocalDate; stepsDone: readonly StepDone[] },
  settings: Pick<CadenceSettings, 'steps' | 'afterFinalStep'>,
  today: LocalDate,
): InvoiceStepState {
  const daysOverdue = daysBetween(invoice.dueDate, today);
  const offsets = settings.steps.map((s) => s.dayOffset);
  const last = offsets.length - 1;
  const lastDone = invoice.stepsDone.reduce<StepDone | null>(
    (a, d) => (a === null || d.stepIndex > a.stepIndex ? d : a),
    null,
  );
  const doneIndex = lastDone?.stepIndex ?? -1;
  const reached = offsets.reduce((acc, offset, i) => (offset <= daysOverdue ? i : acc), -1);

  if (reached > doneIndex)
    return { kind: 'due', stepIndex: reached, day: offsets[reached] as number, daysOverdue };
  if (doneIndex < last) {
    const next = Math.max(reached, doneIndex) + 1;
    return {
      kind: 'waiting',
      daysOverdue,
      nextStepIndex: next,
      nextOn: addDays(invoice.dueDate, offsets[next] as number),
    };
  }
  const after = settings.afterFinalStep;
  if (after.mode === 'collections') return { kind: 'finished', reason: 'handed_to_collections', daysOverdue };
  if (after.mode === 'stop' || lastDone === null)
    return { kind: 'finished', reason: 'cadence_complete', daysOverdue };
  const nextOn = addDays(lastDone.on, after.everyDays);
  if (today >= nextOn) return { kind: 'due', stepIndex: doneIndex + 1, day: daysOverdue, daysOverdue };
  return { kind: 'waiting', daysOverdue, nextStepIndex: doneIndex + 1, nextOn };
}

/** What a step index means: a configured step, or a repeat after the final one. */
export function stepDefinition(
  settings: Pick<CadenceSettings, 'steps' | 'afterFinalStep'>,
  stepIndex: number,
): { channels: Channel[]; fallback: Channel | null; tone: Tone; isRepeat: boolean } {
  const step = settings.steps[stepIndex];
  if (step !== undefined) {
    const fallback = step.channels.includes('call') ? step.fallback : null;
    return { channels: step.channels, fallback, tone: step.tone, isRepeat: false };
  }
  const after = settings.afterFinalStep;
  return { channels: after.channels, fallback: null, tone: after.tone, isRepeat: true };
}
