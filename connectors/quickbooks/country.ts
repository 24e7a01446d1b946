/**
 * QuickBooks addresses carry free-form country text ('USA', 'United States', 'Canada', 'GB'...). Dunwise stores
 * ISO 3166 alpha-2 codes (holiday calendars, phone parsing), so the text is matched against every region name.
 */
const ALIASES: Record<string, string> = {
  USA: 'US',
  'UNITED STATES OF AMERICA': 'US',
  UK: 'GB',
  ENGLAND: 'GB',
  SCOTLAND: 'GB',
  WALES: 'GB',
};

let byName: Map<string, string> | undefined;

export function countryCode(text: string | null | undefined): string | null {
  const key = text?.trim().toUpperCase();
  if (!key) return null;
  if (ALIASES[key]) return ALIASES[key];
  const names = (byName ??= regionNames());
  if (/^[A-Z]{2}$/.test(key) && [...names.values()].includes(key)) return key;
  return names.get(key) ?? null;
}

function regionNames(): Map<string, string> {
  const display = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
  const map = new Map<string, string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters) {
    for (const b of letters) {
      const code = a + b;
      const name = display.of(code);
      if (name) map.set(name.toUpperCase(), code);
    }
  }
  return map;
}
