import type { SmsEncoding } from './types.js';

/** GSM 03.38 basic character set: one septet each. */
const GSM7_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
      '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
/** GSM 03.38 extension table: an escape plus the character, two septets each. */
const GSM7_EXTENSION = new Set(Array.from('^{}\\[~]|€\f'));

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Characters as the user counts them (code points). */
  length: number;
  segments: number;
}

/**
 * Counts segments the way carriers bill them: GSM-7 fits 160 septets in one segment and 153 per part when
 * concatenated; any other character switches the whole message to UCS-2, 70 / 67 UTF-16 units.
 */
export function countSmsSegments(text: string): SmsSegmentCount {
  const chars = Array.from(text);
  const isGsm = chars.every((c) => GSM7_BASIC.has(c) || GSM7_EXTENSION.has(c));
  if (isGsm) {
    const septets = chars.reduce((n, c) => n + (GSM7_EXTENSION.has(c) ? 2 : 1), 0);
    return { encoding: 'GSM-7', length: chars.length, segments: segmentsFor(septets, 160, 153) };
  }
  return { encoding: 'UCS-2', length: chars.length, segments: segmentsFor(text.length, 70, 67) };
}

function segmentsFor(units: number, single: number, perPart: number): number {
  if (units === 0) return 0;
  return units <= single ? 1 : Math.ceil(units / perPart);
}

/**
 * Typographic spaces and quotes that Intl and copywriters use (U+202F in '1 234,56 €', U+2019) would force
 * a whole SMS into UCS-2 and halve its capacity; the plain equivalents read the same on a phone.
 */
export function toSmsFriendlyText(text: string): string {
  return text
    .replace(/[\u00A0\u202F\u2009]/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...');
}
