import type { Company, Invoice } from './types.js';

/**
 * A list of a company's records (invoices, payment lines, credit notes, contacts) ordered by `updatedAt` (ties in
 * creation order, as a stable sort leaves them), with each one's position in the list: what "changed since"
 * pages read. On a 100,000-record book, touching every record to filter or sort it cost more than the rest of the
 * request (the objects are all over memory), and a full sync asks for a hundred pages, so the order is kept until
 * the books change (`SandboxWorld.touch` forgets it) or records are added.
 */
export interface UpdateOrder<T> {
  /** The records in creation order. */
  records: readonly T[];
  /** The records by update. */
  rows: T[];
  /** positions[k]: where rows[k] sits in records. */
  positions: Int32Array;
  /** updatedAt[k] = rows[k].updatedAt, packed, for binary searches that touch no record. */
  updatedAt: Float64Array;
  /**
   * Lists derived from this order (by query), kept with it: every page of a sync asks for the same list, and
   * the same list object lets list-query.ts keep what it filtered from it. Dropped with the order.
   */
  derived: Map<string, T[]>;
}

interface Kept {
  size: number;
  order: UpdateOrder<unknown>;
}

const cache = new WeakMap<Company, Map<string, Kept>>();

/**
 * The kept order of one kind of record. `size` says when the list grew (records are only ever appended);
 * `list` builds the records in creation order when the order has to be made again.
 */
export function keptUpdateOrder<T>(
  company: Company,
  kind: string,
  size: number,
  list: () => readonly T[],
  updatedAt: (record: T) => number,
): UpdateOrder<T> {
  let kinds = cache.get(company);
  const hit = kinds?.get(kind);
  if (hit && hit.size === size) return hit.order as UpdateOrder<T>;
  const records = list();
  const times = Float64Array.from(records, updatedAt);
  const positions = Int32Array.from(records, (_, n) => n).sort((a, b) => times[a]! - times[b]! || a - b);
  const order: UpdateOrder<T> = {
    records,
    rows: Array.from(positions, (n) => records[n]!),
    positions,
    updatedAt: Float64Array.from(positions, (n) => times[n]!),
    derived: new Map(),
  };
  if (!kinds) cache.set(company, (kinds = new Map<string, Kept>()));
  kinds.set(kind, { size, order });
  return order;
}

/** The kept order of a list of the company's records themselves (invoices, customers, credit notes). */
export function recordsByUpdate<T extends { updatedAt: number }>(
  company: Company,
  kind: string,
  records: readonly T[],
): UpdateOrder<T> {
  return keptUpdateOrder(
    company,
    kind,
    records.length,
    () => records,
    (r) => r.updatedAt,
  );
}

export function invoicesByUpdate(company: Company): UpdateOrder<Invoice> {
  return recordsByUpdate(company, 'invoice', company.invoices);
}

export function forgetUpdateOrder(company: Company): void {
  cache.delete(company);
}

/** The first k with updatedAt[k] >= ms. */
export function firstUpdatedFrom(order: UpdateOrder<unknown>, ms: number): number {
  const times = order.updatedAt;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const DERIVED_KEPT = 16;

function derive<T>(order: UpdateOrder<T>, key: string, make: () => T[]): T[] {
  let list = order.derived.get(key);
  if (list === undefined) {
    if (order.derived.size >= DERIVED_KEPT) order.derived.clear();
    list = make();
    order.derived.set(key, list);
  }
  return list;
}

/** Records updated at or after `ms`, oldest change first. The same array for the same `ms`: do not modify. */
export function orderedFrom<T>(order: UpdateOrder<T>, ms: number): T[] {
  return derive(order, `ordered ${ms}`, () => order.rows.slice(firstUpdatedFrom(order, ms)));
}

/** Records updated at or after `ms`, in creation order, without visiting the others. Do not modify. */
export function updatedFrom<T>(order: UpdateOrder<T>, ms: number): T[] {
  return derive(order, `created ${ms}`, () => {
    const positions = order.positions.slice(firstUpdatedFrom(order, ms)).sort();
    return Array.from(positions, (n) => order.records[n]!);
  });
}

/** Invoices updated at or after `ms`, in creation order. */
export function invoicesUpdatedFrom(company: Company, ms: number): Invoice[] {
  return updatedFrom(invoicesByUpdate(company), ms);
}

/** The `byUpdate` of a list endpoint (xero/api/list-query.ts) over a kept order. */
export function byUpdateOf<T>(order: () => UpdateOrder<T>): {
  ordered: (fromMs: number) => readonly T[];
  created: (fromMs: number) => readonly T[];
} {
  return {
    ordered: (fromMs) => orderedFrom(order(), fromMs),
    created: (fromMs) => updatedFrom(order(), fromMs),
  };
}
