import { findWindows } from 'windows-iana';

/**
 * Xero's Organisation.Timezone is a Windows zone name squashed into an enum: 'New Zealand Standard Time' →
 * 'NEWZEALANDSTANDARDTIME', 'UTC-02' → 'UTC02', 'Pacific Standard Time (Mexico)' →
 * 'PACIFICSTANDARDTIME(MEXICO)', 'UTC+12' stays 'UTC+12' (see the TimeZone enum in
 * xero_accounting.yaml). The IANA → Windows step uses CLDR's windowsZones through `windows-iana`.
 */
export function xeroTimeZone(ianaZone: string): string {
  const windows = findWindows(ianaZone)[0];
  if (!windows) return 'UTC';
  return windowsToXeroEnum(windows);
}

export function windowsToXeroEnum(windowsName: string): string {
  return windowsName.toUpperCase().replace(/[^A-Z0-9+()]/g, '');
}
