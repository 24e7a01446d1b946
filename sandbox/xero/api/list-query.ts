import type { Request, Response } from 'express';
import { queryParseException } from './errors.js';
import { parseIfModifiedSince } from '../dates.js';
import { matches, parseWhere, WhereParseError, type Where, type WhereValue } from './where.js';

/**
 * The query parameters every Xero list endpoint shares: If-Modified-Since (header), where, order, page and
 * pageSize (1-based; default 100, at most 1000). Entity-specific filters (IDs, Statuses…) are read by the
 * endpoint itself.
 */
export interface ListQuery {
  modifiedSince: number | null;
  where: Where | null;
  /** The where as sent, trimmed: what a filtered list is kept under. */
  whereText: string | null;
  order: { field: string; descending: boolean }[];
  page: number | null;
  pageSize: number;
}

export type FieldGetter<T> = (record: T, field: string) => WhereValue | null;

export interface EntityFields<T> {
  typeName: string;
  fields: readonly string[];
  get: FieldGetter<T>;
  updatedAt: (record: T) => number;
  /**
   * When the records' update order is kept (invoices, books/update-order.ts): the records ordered by `updatedAt`
   * (ties in creation order) from the first one updated at or after a time, and those same records in creation
   * order. Either way no page scans or sorts the whole book.
   */
  byUpdate?: { ordered: (fromMs: number) => readonly T[]; created: (fromMs: number) => readonly T[] };
}

export function param(req: Request, name: string): string | undefined {
  const query = req.query as Record<string, unknown>;
  const key = Object.keys(query).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : query[key];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function listParam(req: Request, name: string): string[] | null {
  const text = param(req, name);
  if (text === undefined) return null;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Throws WhereParseError for a malformed where or order (Xero's QueryParseException). */
export function readListQuery<T>(req: Request, entity: EntityFields<T>): ListQuery {
  const whereText = param(req, 'where');
  const orderText = param(req, 'order');
  const pageText = param(req, 'page');
  const pageSizeText = param(req, 'pageSize');
  const pageNumber = pageText === undefined ? null : Number.parseInt(pageText, 10);
  const size = pageSizeText === undefined ? 100 : Number.parseInt(pageSizeText, 10);
  return {
    modifiedSince: parseIfModifiedSince(req.get('if-modified-since')),
    where: whereText && whereText.trim() ? parseWhere(whereText, entity.fields, entity.typeName) : null,
    whereText: whereText?.trim() || null,
    order: orderText ? parseOrder(orderText, entity) : [],
    page: pageNumber === null ? null : Number.isFinite(pageNumber) && pageNumber > 0 ? pageNumber : 1,
    pageSize: Number.isFinite(size) && size > 0 ? Math.min(size, 1000) : 100,
  };
}

function parseOrder<T>(text: string, entity: EntityFields<T>): ListQuery['order'] {
  const known = new Map(entity.fields.map((f) => [f.toLowerCase(), f]));
  return text.split(',').map((part) => {
    const [name = '', direction = 'ASC', extra] = part.trim().split(/\s+/);
    const field = known.get(name.toLowerCase());
    if (!field)
      throw new WhereParseError(`No property or field '${name}' exists in type '${entity.typeName}'`);
    const dir = direction.toUpperCase();
    if (extra !== undefined || (dir !== 'ASC' && dir !== 'DESC'))
      throw new WhereParseError(`Syntax error: '${direction}'`);
    return { field, descending: dir === 'DESC' };
  });
}

export interface ListResult<T> {
  items: T[];
  pagination: { page: number; pageSize: number; pageCount: number; itemCount: number } | null;
}

/** Filters (If-Modified-Since is inclusive, to the second), orders and pages the records. */
export function runList<T>(
  records: readonly T[],
  q: ListQuery,
  entity: EntityFields<T>,
  extra?: (r: T) => boolean,
): ListResult<T> {
  const since = q.modifiedSince === null ? null : Math.floor(q.modifiedSince / 1000) * 1000;
  const where = q.where;
  const byUpdate = entity.byUpdate;
  // "Oldest change first" reads the kept update order instead of sorting; If-Modified-Since alone reads just the
  // records changed since, in creation order.
  const keptOrder =
    byUpdate !== undefined &&
    q.order.length === 1 &&
    q.order[0]!.field === 'UpdatedDateUTC' &&
    !q.order[0]!.descending;
  let source: readonly T[] = records;
  if (byUpdate && keptOrder) source = byUpdate.ordered(since ?? -Infinity);
  else if (byUpdate && since !== null) source = byUpdate.created(since);
  const sinceDone = byUpdate !== undefined && (keptOrder || since !== null);
  let items: T[];
  /** Whether items is shared with later requests (the book's list, or a kept filtered one): sort a copy. */
  let shared = true;
  if ((since === null || sinceDone) && !where && !extra) {
    // Unfiltered pages are sliced without copying the book.
    items = source as T[];
  } else {
    const filter = () => {
      const kept: T[] = [];
      for (const r of source) {
        if (since !== null && !sinceDone && entity.updatedAt(r) < since) continue;
        if (extra && !extra(r)) continue;
        if (where && !matches(where, (field) => entity.get(r, field))) continue;
        kept.push(r);
      }
      return kept;
    };
    // A list from the kept update order is the same object until the books change, so what a where left of it
    // is kept with it: a sync's hundred pages filter the book once, not once a page.
    shared = sinceDone && !extra && q.whereText !== null;
    items = shared ? filteredOnce(source, q.whereText!, filter) : filter();
  }
  if (q.order.length > 0 && !keptOrder) {
    if (shared) items = [...items];
    items = sortBy(items, q.order, entity.get);
  }
  if (q.page === null) return { items, pagination: null };
  const pageCount = Math.ceil(items.length / q.pageSize);
  const start = (q.page - 1) * q.pageSize;
  return {
    items: items.slice(start, start + q.pageSize),
    pagination: { page: q.page, pageSize: q.pageSize, pageCount, itemCount: items.length },
  };
}

const filtered = new WeakMap<readonly unknown[], Map<string, unknown[]>>();
const FILTERS_KEPT = 8;

function filteredOnce<T>(source: readonly T[], whereText: string, filter: () => T[]): T[] {
  let byWhere = filtered.get(source);
  if (!byWhere) filtered.set(source, (byWhere = new Map<string, unknown[]>()));
  let items = byWhere.get(whereText) as T[] | undefined;
  if (items === undefined) {
    // Each can hold a whole book: a few wheres per list are kept (a sync asks one or two).
    if (byWhere.size >= FILTERS_KEPT) byWhere.clear();
    items = filter();
    byWhere.set(whereText, items);
  }
  return items;
}

function sortBy<T>(items: T[], order: ListQuery['order'], get: FieldGetter<T>): T[] {
  return items.sort((a, b) => {
    for (const { field, descending } of order) {
      const x = get(a, field);
      const y = get(b, field);
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const cmp = x < y ? -1 : 1;
      return descending ? -cmp : cmp;
    }
    return 0;
  });
}

/** readListQuery, answering a malformed where/order with Xero's QueryParseException (then returns null). */
export function listQueryOrReject<T>(req: Request, res: Response, entity: EntityFields<T>): ListQuery | null {
  try {
    return readListQuery(req, entity);
  } catch (error) {
    if (error instanceof WhereParseError) {
      queryParseException(res, error.message);
      return null;
    }
    throw error;
  }
}
