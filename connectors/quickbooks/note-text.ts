/** QuickBooks limits an Attachable `Note` to 2,000 characters (reference §3.5). */
export const NOTE_MAX = 2000;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{10000}-\u{10FFFF}]/u;

/**
 * Makes note text safe to write: NFC, no emoji or other astral-plane characters (QuickBooks has answered those
 * with a 500 — pitfall B28), control characters other than newlines dropped, and cut to `max` UTF-16 units on a
 * grapheme boundary with an ellipsis, so no character (or accent) is ever split.
 */
export function sanitiseNote(text: string, max = NOTE_MAX): string {
  const graphemes: string[] = [];
  for (const { segment } of segmenter.segment(text.normalize('NFC'))) {
    if (PICTOGRAPHIC.test(segment)) continue;
    // eslint-disable-next-line no-control-regex
    const clean = segment.replace(/[\u0000-\u0009\u000B-\u001F\u007F]|\u200D|\uFE0F/g, '');
    if (clean) graphemes.push(clean);
  }
  const joined = graphemes.join('').replace(/ {2,}/g, ' ').trim();
  if (joined.length <= max) return joined;
  let out = '';
  for (const g of graphemes) {
    if (out.length + g.length > max - 1) break;
    out += g;
  }
  return `${out.trimEnd()}…`;
}
