import { describe, expect, it } from 'vitest';
import { xeroId } from './ids.js';

describe('xeroId', () => {
  // Ids are derived, not stored: a faster derivation must give the very ids earlier sandboxes handed out, or an
  // app connected to one would see every invoice as new. Values from the original Buffer.concat + SHA-1 code.
  it('derives the same UUIDs as ever', () => {
    expect(xeroId('0d4c8a52-6e1f-4b3a-9c7d-5e2f1a8b3c90', 'invoice', 'abc-1')).toBe(
      '95a0d83f-1f66-5a02-bf48-7fe181f4cb75',
    );
    expect(xeroId('9341455130188547', 'line', '12:0')).toBe('bb5d2aa2-654c-5f76-a5f3-90f732cf8124');
    expect(xeroId('x', 'contact', 'Zoë')).toBe('c8cdf8bb-50d3-5004-9fc4-abbebf6afd29');
    expect(xeroId('t', 'payment', 'p'.repeat(2000))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab]/);
  });
});
