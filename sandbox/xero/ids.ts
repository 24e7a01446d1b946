import { hash } from 'node:crypto';
import type { Company } from '../books/types.js';

/**
 * Xero identifies records by UUIDs; the neutral books use their own short ids. Every Xero id is derived
 * (UUID v5 style: SHA-1 of a namespace and a name) from the company id, the kind of record and the neutral id,
 * so it is stable across restarts and across sandbox instances built from the same seed.
 */
export type XeroIdKind =
  'invoice' | 'contact' | 'payment' | 'creditnote' | 'overpayment' | 'line' | 'allocation';

const NAMESPACE = Buffer.from('6f1d8a4e2b7c4e0f9a3d5c2b1e0f4a7d', 'hex');

export function xeroId(companyId: string, kind: XeroIdKind, neutralId: string): string {
  // One-shot crypto.hash: rendering a 1,000-invoice page derives about 5,000 ids.
  const name = Buffer.concat([NAMESPACE, Buffer.from(`${companyId}\u0000${kind}\u0000${neutralId}`)]);
  const digest = hash('sha1', name, 'buffer');
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

type ReverseKind = 'invoice' | 'contact' | 'creditnote';
interface ReverseMap {
  size: number;
  byXeroId: Map<string, string>;
}

/** Built lazily per company and kind; rebuilt when records were added since (ids never change). */
const reverseMaps = new WeakMap<Company, Map<ReverseKind, ReverseMap>>();

function recordsOf(company: Company, kind: ReverseKind): { id: string }[] {
  switch (kind) {
    case 'invoice':
      return company.invoices;
    case 'contact':
      return company.customers;
    case 'creditnote':
      return company.creditNotes;
  }
}

/** The neutral id behind a Xero UUID, or undefined when the company has no such record. */
export function neutralId(company: Company, kind: ReverseKind, id: string): string | undefined {
  let perKind = reverseMaps.get(company);
  if (!perKind) reverseMaps.set(company, (perKind = new Map<ReverseKind, ReverseMap>()));
  const records = recordsOf(company, kind);
  let map = perKind.get(kind);
  if (!map || map.size !== records.length) {
    map = { size: records.length, byXeroId: new Map() };
    for (const record of records) map.byXeroId.set(xeroId(company.id, kind, record.id), record.id);
    perKind.set(kind, map);
  }
  return map.byXeroId.get(id.toLowerCase());
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
