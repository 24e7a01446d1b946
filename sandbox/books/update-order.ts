import type { Company, Invoice } from './types.js';

/**
 * A company's invoices ordered by `updatedAt` (ties in creation order, as a stable sort leaves them), with each
 * one's position in `company.invoices`: what "changed since" pages read. On a 100,000-invoice book, touching
 * every invoice to filter or sort it cost more than the rest of the request (the objects are all over memory),
 * so the order is kept until the books change (`SandboxWorld.touch` forgets it) or invoices are added.
 */
export interface UpdateOrder {
  rows: Invoice[];
  /** positions[k]: where rows[k] sits in company.invoices. */
  positions: Int32Array;
  /** updatedAt[k] = rows[k].updatedAt, packed, for binary searches that touch no invoice. */
  updatedAt: Float64Array;
}

const cache = new WeakMap<Company, { length: number; order: UpdateOrder }>();

export function invoicesByUpdate(company: Company): UpdateOrder {
  const hit = cache.get(company);
  if (hit && hit.length === company.invoices.length) return hit.order;
  const invoices = company.invoices;
  const times = Float64Array.from(invoices, (i) => i.updatedAt);
  const positions = Int32Array.from(invoices, (_, n) => n).sort((a, b) => times[a]! - times[b]! || a - b);
  const order: UpdateOrder = {
    rows: Array.from(positions, (n) => invoices[n]!),
    positions,
    updatedAt: Float64Array.from(positions, (n) => times[n]!),
  };
  cache.set(company, { length: invoices.length, order });
  return order;
}

export function forgetUpdateOrder(company: Company): void {
  cache.delete(company);
}

/** The first k with updatedAt[k] >= ms. */
export function firstUpdatedFrom(order: UpdateOrder, ms: number): number {
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

/** Invoices updated at or after `ms`, in creation order, without visiting the others. */
export function invoicesUpdatedFrom(company: Company, ms: number): Invoice[] {
  const order = invoicesByUpdate(company);
  const positions = order.positions.slice(firstUpdatedFrom(order, ms)).sort();
  return Array.from(positions, (n) => company.invoices[n]!);
}
