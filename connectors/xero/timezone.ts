import { WINDOWS_TO_IANA_MAP } from 'windows-iana';

/**
 * Xero's Organisation.Timezone is a Windows zone name squashed into an enum ('New Zealand Standard Time' →
 * 'NEWZEALANDSTANDARDTIME', 'UTC-02' → 'UTC02', 'UTC+12' stays). CLDR's windowsZones (via `windows-iana`) maps
 * the Windows name to IANA; the '001' territory entry is the zone's canonical city.
 */
const squash = (name: string) => name.toUpperCase().replace(/[^A-Z0-9+]/g, '');

/** Windows zones Xero still lists that CLDR's windowsZones has dropped. */
const RETIRED_WINDOWS_ZONES: Record<string, string> = {
  KAMCHATKASTANDARDTIME: 'Asia/Kamchatka',
  MIDATLANTICSTANDARDTIME: 'Etc/GMT+2',
};

const BY_XERO_ENUM = new Map<string, string>(Object.entries(RETIRED_WINDOWS_ZONES));
for (const entry of WINDOWS_TO_IANA_MAP) {
  const key = squash(entry.windowsName);
  const iana = entry.iana[0];
  if (!iana) continue;
  if (entry.territory === '001' || !BY_XERO_ENUM.has(key)) BY_XERO_ENUM.set(key, iana);
}

/** The IANA zone of a Xero timezone enum, or null when it is not a Windows zone name we know. */
export function xeroTimeZoneToIana(xeroTimezone: unknown): string | null {
  if (typeof xeroTimezone !== 'string' || xeroTimezone === '') return null;
  return BY_XERO_ENUM.get(squash(xeroTimezone)) ?? null;
}
