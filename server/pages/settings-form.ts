import { CHANNELS, TONES, WEEKDAYS, type CadenceSettings } from '../../cadence/settings/index.js';

/** The settings form as typed: field name (the `parseSettingsPatch` key) → text, or list for checkboxes. */
export type FormValues = Record<string, string | string[]>;

const SCALAR_KEYS = [
  'afterFinalStep.mode',
  'afterFinalStep.everyDays',
  'afterFinalStep.tone',
  'minGapDays',
  'sendWindow.start',
  'sendWindow.end',
  'recipientWindow.start',
  'recipientWindow.end',
  'timeZone',
  'holidayCountry',
  'language',
  'senderName',
  'replyTo',
  'smsFrom',
  'callerNumber',
  'backlogPolicy',
  'mode',
] as const;

/** Saved settings → the form's values. */
export function settingsToForm(s: CadenceSettings, currencies: readonly string[]): FormValues {
  const values: FormValues = {
    'afterFinalStep.mode': s.afterFinalStep.mode,
    'afterFinalStep.everyDays': String(s.afterFinalStep.everyDays),
    'afterFinalStep.tone': s.afterFinalStep.tone,
    'afterFinalStep.channels': [...s.afterFinalStep.channels],
    minGapDays: String(s.minGapDays),
    sendDays: [...s.sendDays],
    'sendWindow.start': s.sendWindow.start,
    'sendWindow.end': s.sendWindow.end,
    'recipientWindow.start': s.recipientWindow.start,
    'recipientWindow.end': s.recipientWindow.end,
    timeZone: s.timeZone,
    holidayCountry: s.holidayCountry ?? '',
    language: s.language,
    senderName: s.senderName ?? '',
    replyTo: s.replyTo ?? '',
    smsFrom: s.smsFrom ?? '',
    callerNumber: s.callerNumber ?? '',
    backlogPolicy: s.backlogPolicy,
    mode: s.mode,
    autopilot: s.autopilot ? 'true' : 'false',
  };
  s.steps.forEach((step, i) => {
    values[`steps.${i}.dayOffset`] = String(step.dayOffset);
    values[`steps.${i}.channels`] = [...step.channels];
    values[`steps.${i}.tone`] = step.tone;
    values[`steps.${i}.fallback`] = step.fallback ?? '';
  });
  for (const currency of new Set([...currencies, ...Object.keys(s.minimumAmount)]))
    values[`minimumAmount.${currency}`] = s.minimumAmount[currency] ?? '';
  return values;
}

/**
 * A posted form → the values as typed. Only known fields are kept; an unticked checkbox group is an empty list
 * (browsers send nothing for it); `autopilot` is a hidden 'false' followed by a checkbox 'true', so the last wins.
 */
export function formFromBody(body: unknown, stepCount: number, currencies: readonly string[]): FormValues {
  const raw = (body ?? {}) as Record<string, unknown>;
  const text = (key: string): string => {
    const v = raw[key];
    const last: unknown = Array.isArray(v) ? (v as unknown[])[v.length - 1] : v;
    return typeof last === 'string' ? last.slice(0, 200) : '';
  };
  const list = (key: string): string[] => {
    const v = raw[key];
    const items = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return items.filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, 20));
  };
  const values: FormValues = {};
  for (const key of SCALAR_KEYS) values[key] = text(key);
  values['autopilot'] = text('autopilot') === 'true' ? 'true' : 'false';
  values['sendDays'] = list('sendDays');
  values['afterFinalStep.channels'] = list('afterFinalStep.channels');
  for (let i = 0; i < stepCount; i++) {
    values[`steps.${i}.dayOffset`] = text(`steps.${i}.dayOffset`);
    values[`steps.${i}.channels`] = list(`steps.${i}.channels`);
    values[`steps.${i}.tone`] = text(`steps.${i}.tone`);
    values[`steps.${i}.fallback`] = text(`steps.${i}.fallback`);
  }
  for (const currency of currencies) values[`minimumAmount.${currency}`] = text(`minimumAmount.${currency}`);
  return values;
}

/** The form's values → a `parseSettingsPatch` patch (lists comma-joined). */
export function formToPatch(values: FormValues): Record<string, string> {
  const patch: Record<string, string> = {};
  for (const [key, value] of Object.entries(values))
    patch[key] = Array.isArray(value) ? value.join(',') : value;
  return patch;
}

/** Lists the form offers, for the view. */
export const FORM_CHOICES = { channels: CHANNELS, tones: TONES, weekdays: WEEKDAYS } as const;
