import type { Db } from '../../server/db/connect.js';
import type { DeliveryChannel } from '../../server/db/schema.js';
import { CadenceSettingsSchema, defaultCadenceSettings, type CadenceSettings } from '../settings/index.js';

/** The organisation facts the settings depend on. */
export interface SettingsOrganisation {
  id: string;
  time_zone: string;
  country: string | null;
}

/**
 * The cadence settings in force for each organisation: the saved ones, or the defaults for its zone and country
 * (which keep autopilot off until sender numbers are set). A saved row that no longer validates (the schema grew
 * stricter) falls back to the defaults with autopilot off, so a bad row holds the cadence instead of crashing it.
 */
export async function loadSettings(
  db: Db,
  organisations: readonly SettingsOrganisation[],
): Promise<Map<string, CadenceSettings>> {
  const result = new Map<string, CadenceSettings>();
  if (organisations.length === 0) return result;
  const rows = await db
    .selectFrom('organisation_settings')
    .select(['organisation_id', 'settings'])
    .where(
      'organisation_id',
      'in',
      organisations.map((o) => o.id),
    )
    .execute();
  const saved = new Map(rows.map((r) => [r.organisation_id, r.settings]));
  for (const org of organisations) {
    const stored = saved.has(org.id) ? parseStored(saved.get(org.id)) : null;
    if (stored !== null) {
      result.set(org.id, stored);
      continue;
    }
    const defaults = defaultCadenceSettings({ timeZone: org.time_zone, country: org.country ?? '' });
    result.set(org.id, saved.has(org.id) ? { ...defaults, autopilot: false } : defaults);
  }
  return result;
}

// Every tick reads every organisation's settings: validating each one again cost about a millisecond apiece
// (500 organisations, half a second a plan). A validated document is kept by its JSON text; bounded. The objects
// returned are shared, so they are frozen: settings are read-only (withDisabledChannels copies).
const PARSED_LIMIT = 5000;
const parsedByJson = new Map<string, CadenceSettings | null>();

function parseStored(value: unknown): CadenceSettings | null {
  const json = JSON.stringify(value);
  let parsed = parsedByJson.get(json);
  if (parsed === undefined) {
    const result = CadenceSettingsSchema.safeParse(value);
    parsed = result.success ? deepFreeze(result.data) : null;
    if (parsedByJson.size >= PARSED_LIMIT) parsedByJson.clear();
    parsedByJson.set(json, parsed);
  }
  return parsed;
}

/** Saves already-validated settings (validate with `parseSettingsPatch` or `CadenceSettingsSchema` first). */
export async function saveSettings(
  db: Db,
  organisationId: string,
  settings: CadenceSettings,
  userId: string | null,
  now: Date,
): Promise<void> {
  const json = JSON.stringify(settings);
  await db
    .insertInto('organisation_settings')
    .values({ organisation_id: organisationId, settings: json, updated_at: now, updated_by: userId })
    .onConflict((oc) =>
      oc.column('organisation_id').doUpdateSet({ settings: json, updated_at: now, updated_by: userId }),
    )
    .execute();
}

/**
 * The settings the policy sees when a channel is stopped for an account problem: SMS and calls lose their
 * sender number, which the policy already treats as "channel unusable" (reason `no_sender_number`). Email has its
 * own flag in `OrganisationState.emailDisabled`.
 */
export function withDisabledChannels(
  settings: CadenceSettings,
  disabled: readonly DeliveryChannel[],
): CadenceSettings {
  if (disabled.length === 0) return settings;
  return {
    ...settings,
    smsFrom: disabled.includes('sms') ? null : settings.smsFrom,
    callerNumber: disabled.includes('call') ? null : settings.callerNumber,
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
