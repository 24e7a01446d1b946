import { describe, expect, it } from 'vitest';
import { isUuid, lineItemId, xeroId } from './ids.js';

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

  it('gives each line of an invoice its own UUID, made from the invoice’s', () => {
    const invoiceIds = ['1', '2', '3', '42'].map((n) => xeroId('9341455130188547', 'invoice', n));
    const lineIds = invoiceIds.flatMap((id) => Array.from({ length: 50 }, (_, i) => lineItemId(id, i)));
    expect(new Set([...lineIds, ...invoiceIds]).size).toBe(lineIds.length + invoiceIds.length);
    expect(lineIds.every(isUuid)).toBe(true);
    expect(lineItemId(invoiceIds[0]!, 0)).toBe(lineItemId(invoiceIds[0]!, 0));
    // Version and variant stay those of the invoice's id: only the last 32 bits change.
    expect(lineItemId(invoiceIds[0]!, 3).slice(0, 28)).toBe(invoiceIds[0]!.slice(0, 28));
  });
});
