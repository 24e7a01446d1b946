import { describe, expect, it } from 'vitest';
import { asciiDetails, idempotencyKey, noteDetails, XERO_NOTE_MAX } from './notes.js';

describe('B28: History & Notes text Xero accepts', () => {
  const template =
    'Reminder #3 sent by email to Zoë Ørsted-Łukasiewicz 🙂 — amount due €1 234,56. ' +
    `${'Ü'.repeat(300)} ${'x'.repeat(5000)}`;

  it('is NFC, without emoji, and at most 250 characters with an ellipsis', () => {
    const details = noteDetails(template);
    expect(details.length).toBeLessThanOrEqual(XERO_NOTE_MAX);
    expect(details.endsWith('…')).toBe(true);
    expect(details).toBe(details.normalize('NFC'));
    expect(details).not.toMatch(/[\u{10000}-\u{10FFFF}]/u);
    expect(
      details.startsWith('Reminder #3 sent by email to Zoë Ørsted-Łukasiewicz — amount due €1 234,56.'),
    ).toBe(true);
  });

  it('decomposed input is composed before counting', () => {
    expect(noteDetails('Zoe\u0308')).toBe('Zoë');
  });

  it('never cuts inside a grapheme (combining marks stay with their letter)', () => {
    const decomposedHeavy = 'e\u0301\u0302'.repeat(200); // NFC cannot fully compose: 2 code units per grapheme
    const details = noteDetails(decomposedHeavy);
    expect(details.length).toBeLessThanOrEqual(XERO_NOTE_MAX);
    const body = details.slice(0, -1);
    const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(body)].map(
      (s) => s.segment,
    );
    expect(graphemes.every((g) => g === 'é\u0302')).toBe(true);
  });

  it('short text passes unchanged; controls and runs of spaces collapse', () => {
    expect(noteDetails('Paid?\n\tcall  back')).toBe('Paid? call back');
    expect(noteDetails('x'.repeat(250))).toBe('x'.repeat(250));
  });

  it('the ASCII fallback folds accents', () => {
    expect(asciiDetails('Zoë Ørsted 🙂 €5')).toBe('Zoe rsted 5');
  });

  it('idempotency keys longer than Xero allows are hashed, stably', () => {
    expect(idempotencyKey('dunning:abc:3')).toBe('dunning:abc:3');
    const long = 'k'.repeat(200);
    expect(idempotencyKey(long)).toHaveLength(64);
    expect(idempotencyKey(long)).toBe(idempotencyKey(long));
  });
});
