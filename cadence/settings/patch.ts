import { CadenceSettingsSchema, type CadenceSettings } from './schema.js';

/** One problem with one field, named by its dotted path (`steps.1.tone`, `sendWindow.end`). */
export interface FieldError {
  field: string;
  message: string;
}

export type SettingsPatchResult =
  { ok: true; settings: CadenceSettings } | { ok: false; errors: FieldError[] };

type Kind = 'text' | 'nullable_text' | 'int' | 'bool' | 'list' | 'amount';

/** The editable keys; `*` stands for a step index (0-based) or a currency code. */
const FIELD_KINDS: Record<string, Kind> = {
  'steps.*.dayOffset': 'int',
  'steps.*.channels': 'list',
  'steps.*.fallback': 'nullable_text',
  'steps.*.tone': 'text',
  'afterFinalStep.mode': 'text',
  'afterFinalStep.everyDays': 'int',
  'afterFinalStep.channels': 'list',
  'afterFinalStep.tone': 'text',
  minGapDays: 'int',
  sendDays: 'list',
  'sendWindow.start': 'text',
  'sendWindow.end': 'text',
  'recipientWindow.start': 'text',
  'recipientWindow.end': 'text',
  timeZone: 'text',
  holidayCountry: 'nullable_text',
  language: 'text',
  senderName: 'nullable_text',
  replyTo: 'nullable_text',
  smsFrom: 'nullable_text',
  callerNumber: 'nullable_text',
  'minimumAmount.*': 'amount',
  backlogPolicy: 'text',
  mode: 'text',
  autopilot: 'bool',
};

const TRUE = new Set(['true', 'on', 'yes', '1']);
const FALSE = new Set(['false', 'off', 'no', '0']);

type Parsed = { value: unknown } | { error: string };

function coerce(kind: Kind, raw: string): Parsed {
  const v = raw.trim();
  switch (kind) {
    case 'text':
      return { value: v };
    case 'nullable_text':
    case 'amount':
      return { value: v === '' ? null : v };
    case 'int':
      return /^-?\d+$/.test(v) ? { value: Number(v) } : { error: 'must be a whole number' };
    case 'bool':
      if (TRUE.has(v.toLowerCase())) return { value: true };
      if (FALSE.has(v.toLowerCase())) return { value: false };
      return { error: 'must be true or false' };
    case 'list':
      return { value: v === '' ? [] : v.split(',').map((x) => x.trim()) };
  }
}

function kindOf(segments: string[]): Kind | undefined {
  const pattern = segments.map((s, i) =>
    i === 1 && (segments[0] === 'steps' || segments[0] === 'minimumAmount') ? '*' : s,
  );
  return FIELD_KINDS[pattern.join('.')];
}

/** Writes `value` at `segments` inside a plain JSON object, creating a step object when a new index is named. */
function assign(target: Record<string, unknown>, segments: string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const seg of segments.slice(0, -1)) {
    const next = node[seg];
    if (typeof next === 'object' && next !== null) {
      node = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      node[seg] = created;
      node = created;
    }
  }
  const last = segments[segments.length - 1] as string;
  if (value === null && segments[0] === 'minimumAmount') delete node[last];
  else node[last] = value;
}

/**
 * Applies `key=value` pairs from the CLI or the settings form (`steps.1.tone=serious`, `sendWindow.start=08:30`,
 * `sendDays=mon,tue,wed`, `minimumAmount.NZD=20.00`, `smsFrom=` to clear) and validates the result with the same
 * schema as everywhere else. Step indexes are 0-based (`steps.0` is the day-7 step); `steps.4.…` appends a step
 * and `steps.3=` (empty) removes one. `current` is never modified; on any error nothing is applied.
 */
export function parseSettingsPatch(
  current: CadenceSettings,
  patch: Record<string, string>,
): SettingsPatchResult {
  const draft = structuredClone(current) as unknown as Record<string, unknown> & { steps: unknown[] };
  const errors: FieldError[] = [];
  const removals: number[] = [];

  for (const [key, raw] of Object.entries(patch)) {
    const segments = key.split('.');
    const stepIndex = segments[0] === 'steps' && segments[1] !== undefined ? Number(segments[1]) : null;
    if (
      stepIndex !== null &&
      (!Number.isInteger(stepIndex) || stepIndex < 0 || stepIndex > draft.steps.length)
    ) {
      errors.push({
        field: key,
        message: `no step ${segments[1]}: steps are numbered from 0 to ${draft.steps.length - 1}, and ${draft.steps.length} adds one`,
      });
      continue;
    }
    if (stepIndex !== null && segments.length === 2 && raw.trim() === '') {
      removals.push(stepIndex);
      continue;
    }
    const kind = kindOf(segments);
    if (kind === undefined) {
      errors.push({ field: key, message: 'is not a setting' });
      continue;
    }
    const parsed = coerce(kind, raw);
    if ('error' in parsed) errors.push({ field: key, message: parsed.error });
    else assign(draft, segments, parsed.value);
  }
  // Remove from the end so earlier indexes named in the same patch keep their meaning.
  for (const i of [...new Set(removals)].sort((a, b) => b - a)) draft.steps.splice(i, 1);
  // A step object created from scratch must carry every field; the schema names the missing ones.

  const result = CadenceSettingsSchema.safeParse(draft);
  if (result.success && errors.length === 0) return { ok: true, settings: result.data };
  const reported = new Set(errors.map((e) => e.field));
  for (const issue of result.error?.issues ?? []) {
    const path = issue.path.map(String).join('.') || '(settings)';
    // 'sendDays=mon,funday' fails at 'sendDays.1'; name the key the user typed, with the offending item.
    const listKey = Object.keys(patch).find(
      (k) => path.startsWith(`${k}.`) && kindOf(k.split('.')) === 'list',
    );
    const field = listKey ?? path;
    const message =
      listKey === undefined
        ? issue.message
        : `${issue.message} (item ${Number(path.slice(listKey.length + 1)) + 1})`;
    if (!reported.has(field)) errors.push({ field, message });
    reported.add(field);
  }
  return { ok: false, errors };
}
