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

/** Scratch space for namespace + name: hashed in place instead of concatenating two Buffers per id. */
let scratch = Buffer.alloc(1024);
NAMESPACE.copy(scratch);
const VARIANT = '89ab';

/**
 * Derived ids of the records every page names (invoices, payments, credit notes, and contacts, which each of
 * those names again), kept per company and kind: a full sync renders each of them once or more. Bounded, so a
 * sandbox serving many books does not keep every id it ever made.
 */
const KEPT_KINDS = new Set<XeroIdKind>(['invoice', 'contact', 'payment', 'creditnote']);
const keptIds = new Map<string, Map<string, string>>();
const IDS_KEPT_PER_KIND = 500_000;

export function xeroId(companyId: string, kind: XeroIdKind, neutralId: string): string {
  if (!KEPT_KINDS.has(kind)) return deriveId(companyId, kind, neutralId);
  const key = `${companyId}\u0000${kind}`;
  let byNeutral = keptIds.get(key);
  if (!byNeutral) keptIds.set(key, (byNeutral = new Map<string, string>()));
  let id = byNeutral.get(neutralId);
  if (id === undefined) {
    if (byNeutral.size >= IDS_KEPT_PER_KIND) byNeutral.clear();
    id = deriveId(companyId, kind, neutralId);
    byNeutral.set(neutralId, id);
  }
  return id;
}

/**
 * A line item's id, made from its invoice's rather than hashed on its own: a page names about 2,500 lines, and
 * Dunwise never reads line ids. The invoice's UUID with its last 32 bits XORed by a mask of the line's position
 * (an odd multiplier, so distinct positions give distinct, non-zero masks). Unique in practice: two SHA-1-derived
 * ids that agree on the other 90 bits do not occur.
 */
export function lineItemId(invoiceXeroId: string, index: number): string {
  const mask = Math.imul(index + 1, 0x9e3779b1) >>> 0;
  const tail = (Number.parseInt(invoiceXeroId.slice(28), 16) ^ mask) >>> 0;
  return invoiceXeroId.slice(0, 28) + tail.toString(16).padStart(8, '0');
}

function deriveId(companyId: string, kind: XeroIdKind, neutralId: string): string {
  // Rendering a 1,000-invoice page derives about 5,000 ids: one-shot crypto.hash over a reused buffer, with the
  // hex digest cut into a UUID (2.5× cheaper than concatenating Buffers and formatting the bytes).
  const name = `${companyId}\u0000${kind}\u0000${neutralId}`;
  // UTF-8 takes at most 3 bytes per UTF-16 unit: with that much room `write` never truncates.
  if (NAMESPACE.length + name.length * 3 > scratch.length) {
    scratch = Buffer.alloc(NAMESPACE.length + name.length * 3);
    NAMESPACE.copy(scratch);
  }
  const needed = NAMESPACE.length + scratch.write(name, NAMESPACE.length);
  const hex = hash('sha1', scratch.subarray(0, needed), 'hex');
  // Version 5 (byte 6's high nibble) and the RFC 4122 variant (byte 8's top bits 10).
  return (
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-` +
    `${VARIANT[Number.parseInt(hex[16]!, 16) & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  );
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
