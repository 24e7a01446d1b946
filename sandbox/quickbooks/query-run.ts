import { Decimal } from 'decimal.js';
import type { Company } from '../books/types.js';
import { invoicesUpdatedFrom } from '../books/update-order.js';
import { derivedFor } from './derived.js';
import { entityByName, type EntityDef, type FieldDef } from './entities.js';
import { faults, type QboError } from './faults.js';
import { currencyDigits } from './money.js';
import { parseQuery, QueryParseError, type Condition, type Literal } from './query-parse.js';
import { parseQboInstant, truncateToSecond } from './time.js';

export const DEFAULT_MAX_RESULTS = 100;
export const MAX_RESULTS_LIMIT = 1000;
const SORTED_QUERY_CACHE_SIZE = 8;

export type QueryOutcome = { ok: true; body: object } | { ok: false; error: QboError };

type Row = unknown;
type Predicate = (row: Row) => boolean;

/**
 * Runs a query statement against one company and returns the `QueryResponse` body, or the Fault the real
 * API would send. An empty page is `"QueryResponse":{}` with no entity key and no startPosition.
 */
export function runQuery(
  company: Company,
  statement: string,
  privateNote: (invoiceId: string) => string | undefined,
): QueryOutcome {
  let parsed;
  try {
    parsed = parseQuery(statement);
  } catch (error) {
    if (error instanceof QueryParseError) return { ok: false, error: faults.queryParser(error.message) };
    throw error;
  }
  const entity = entityByName(parsed.entity);
  if (!entity) {
    return { ok: false, error: faults.queryParser(`Invalid context declaration : ${parsed.entity}`) };
  }
  if (parsed.maxResults !== null && parsed.maxResults > MAX_RESULTS_LIMIT) {
    return {
      ok: false,
      error: faults.queryValidation(
        `value ${parsed.maxResults} is too large. Max allowed value is ${MAX_RESULTS_LIMIT}`,
      ),
    };
  }

  const predicates: Predicate[] = [];
  for (const condition of parsed.conditions) {
    const compiled = compileCondition(entity, condition);
    if (typeof compiled !== 'function') return { ok: false, error: compiled };
    predicates.push(compiled);
  }
  // Name-list entities hide inactive rows unless the query says otherwise (reference §2.3, P10).
  if (entity.name === 'Customer' && !parsed.conditions.some((c) => c.field.toLowerCase() === 'active')) {
    predicates.push((row) => entity.fields.active!.get(row) === true);
  }

  const all = entity.allRows(company);
  const matches = (row: Row): boolean => entity.isVisible(row) && predicates.every((p) => p(row));
  if (parsed.count) {
    let totalCount = 0;
    for (const row of all) if (matches(row)) totalCount += 1;
    return { ok: true, body: { QueryResponse: { totalCount } } };
  }

  const start = Math.max(1, parsed.startPosition ?? 1);
  const size = parsed.maxResults ?? DEFAULT_MAX_RESULTS;
  let page: Row[];
  if (parsed.orderBy.length === 0) {
    // Creation order: the visible rows are kept per book, so an unfiltered page is a slice, and a filtered one
    // stops as soon as it is full.
    const changedFrom = entity.name === 'Invoice' ? updatedLowerBound(parsed.conditions) : null;
    page =
      changedFrom === null
        ? takePage(visibleRows(company, entity), 0, predicates, start, size)
        : // Only the invoices changed since the bound, from the kept update order (a sync's incremental page).
          takePage(
            invoicesUpdatedFrom(company, changedFrom),
            0,
            [(row) => entity.isVisible(row), ...predicates],
            start,
            size,
          );
  } else {
    const keys: SortKey[] = [];
    for (const order of parsed.orderBy) {
      const field = entity.fields[normalizeField(order.field)];
      if (!field) return { ok: false, error: notQueryable(order.field) };
      keys.push({ name: normalizeField(order.field), field, descending: order.descending });
    }
    // The whole book sorted once per ORDERBY (a stable sort: ties keep creation order, so the filtered
    // subsequence is exactly what sorting the matches would give), then filtered while paging.
    const sorted = sortedRows(company, entity, keys);
    page = takePage(sorted, lowerBound(sorted, keys, parsed.conditions), predicates, start, size);
  }
  if (page.length === 0) return { ok: true, body: { QueryResponse: {} } };
  return {
    ok: true,
    body: {
      QueryResponse: {
        [entity.name]: page.map((row) => entity.render(company, row, privateNote)),
        startPosition: start,
        maxResults: page.length,
      },
    },
  };
}

interface SortKey {
  name: string;
  field: FieldDef<Row>;
  descending: boolean;
}

/** Rows `from` onwards that pass every predicate, skipping the first `start - 1` of them, at most `size`. */
function takePage(rows: Row[], from: number, predicates: Predicate[], start: number, size: number): Row[] {
  if (predicates.length === 0) return rows.slice(from + start - 1, from + start - 1 + size);
  const page: Row[] = [];
  let skipped = 0;
  for (let i = from; i < rows.length && page.length < size; i++) {
    const row = rows[i];
    let ok = true;
    for (const p of predicates) {
      if (!p(row)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (skipped < start - 1) skipped += 1;
    else page.push(row);
  }
  return page;
}

/** The entity's visible rows in creation order, kept until the book changes (derived.ts). */
function visibleRows(company: Company, entity: EntityDef<Row>): Row[] {
  const all = entity.allRows(company);
  const cache = derivedFor(company).visibleRows;
  const hit = cache.get(entity.name);
  // Rows appended without a change event (a test adding records) still show: the length is checked too.
  if (hit && hit.length === all.length) return hit.rows;
  const rows = all.filter((row) => entity.isVisible(row));
  cache.set(entity.name, { length: all.length, rows });
  return rows;
}

function sortedRows(company: Company, entity: EntityDef<Row>, keys: SortKey[]): Row[] {
  const visible = visibleRows(company, entity);
  const cache = derivedFor(company).sortedQueries;
  const cacheKey = `${entity.name}|${keys.map((k) => `${k.name} ${k.descending ? 'DESC' : 'ASC'}`).join(',')}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.source === visible) return hit.rows;
  const rows = [...visible].sort((a, b) => {
    for (const key of keys) {
      const order = compareValues(key.field.get(a), key.field.get(b), key.field.type === 'id');
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  });
  if (cache.size >= SORTED_QUERY_CACHE_SIZE) cache.clear();
  cache.set(cacheKey, { source: visible, rows });
  return rows;
}

/**
 * Where to start scanning rows sorted ascending on an instant: a `>` or `>=` bound on that same field (the
 * connector's `LastUpdatedTime >= … ORDERBY LastUpdatedTime`) skips everything before it by binary search.
 */
function lowerBound(rows: Row[], keys: SortKey[], conditions: Condition[]): number {
  const first = keys[0]!;
  if (first.descending || first.field.type !== 'instant') return 0;
  let from = 0;
  for (const condition of conditions) {
    if (normalizeField(condition.field) !== first.name) continue;
    if (condition.op !== '>' && condition.op !== '>=') continue;
    const literal = condition.values[0];
    const ms = literal && literal.kind !== 'boolean' ? parseQboInstant(literal.text) : null;
    if (ms === null) continue;
    // First row whose value is >= ms; rows before it fail the condition whatever the operator.
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((first.field.get(rows[mid]) as number) < ms) lo = mid + 1;
      else hi = mid;
    }
    from = Math.max(from, lo);
  }
  return from;
}

/**
 * The earliest updatedAt (epoch ms, whole second) a `Metadata.LastUpdatedTime >` or `>=` condition lets
 * through, or null without one. Conservative: the conditions themselves are still applied to every row.
 */
function updatedLowerBound(conditions: Condition[]): number | null {
  let bound: number | null = null;
  for (const condition of conditions) {
    if (normalizeField(condition.field) !== 'metadata.lastupdatedtime') continue;
    if (condition.op !== '>' && condition.op !== '>=') continue;
    const literal = condition.values[0];
    const ms = literal && literal.kind !== 'boolean' ? parseQboInstant(literal.text) : null;
    if (ms === null) continue;
    const second = truncateToSecond(ms);
    bound = bound === null ? second : Math.max(bound, second);
  }
  return bound;
}

function normalizeField(field: string): string {
  return field.toLowerCase();
}

function notQueryable(field: string): QboError {
  return faults.queryValidation(`property '${field}' is not queryable`);
}

function compareValues(
  a: string | number | boolean,
  b: string | number | boolean,
  numericIds: boolean,
): number {
  if (numericIds && typeof a === 'string' && typeof b === 'string' && /^\d+$/.test(a) && /^\d+$/.test(b)) {
    return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  }
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function compileCondition(entity: EntityDef<Row>, condition: Condition): Predicate | QboError {
  const field = entity.fields[normalizeField(condition.field)];
  if (!field) return notQueryable(condition.field);
  if (field.type === 'id' && condition.op !== '=' && condition.op !== 'IN') {
    return faults.queryValidation(
      `Operator ${condition.op} is not supported for property '${condition.field}'`,
    );
  }
  const tests: ((row: Row) => number | boolean)[] = [];
  for (const literal of condition.values) {
    const test = compileLiteral(entity, field, condition, literal);
    if (typeof test !== 'function') return test;
    tests.push(test);
  }
  const op = condition.op;
  if (op === 'IN') return (row) => tests.some((t) => t(row) === 0);
  const test = tests[0]!;
  if (op === 'LIKE') return (row) => test(row) === true;
  return (row) => {
    const order = test(row) as number;
    switch (op) {
      case '=':
        return order === 0;
      case '<':
        return order < 0;
      case '>':
        return order > 0;
      case '<=':
        return order <= 0;
      case '>=':
        return order >= 0;
    }
  };
}

/** Returns a function giving sign(row value − literal), or for LIKE a boolean match. */
function compileLiteral(
  entity: EntityDef<Row>,
  field: FieldDef<Row>,
  condition: Condition,
  literal: Literal,
): ((row: Row) => number | boolean) | QboError {
  const text = literal.kind === 'boolean' ? String(literal.value) : literal.text;
  const invalid = () =>
    faults.queryValidation(`value '${text}' is invalid for property '${condition.field}'`);
  if (condition.op === 'LIKE') {
    if (field.type !== 'string' || literal.kind !== 'string') return invalid();
    const pattern = new RegExp(`^${literal.text.split('%').map(escapeRegExp).join('.*')}$`, 'i');
    return (row) => pattern.test(field.get(row) as string);
  }
  switch (field.type) {
    case 'id':
    case 'string':
    case 'date':
      return (row) => compareValues(field.get(row), text, field.type === 'id');
    case 'boolean': {
      if (text !== 'true' && text !== 'false') return invalid();
      const value = text === 'true';
      return (row) => (field.get(row) === value ? 0 : 1);
    }
    case 'instant': {
      const ms = parseQboInstant(text);
      if (ms === null) return invalid();
      return (row) => Math.sign((field.get(row) as number) - ms);
    }
    case 'money': {
      if (!/^-?\d+(\.\d+)?$/.test(text)) return invalid();
      const literalValue = new Decimal(text);
      const scaledByDigits = new Map<number, { floor: number; exact: boolean }>();
      return (row) => {
        const digits = currencyDigits(entity.currency(row));
        let scaled = scaledByDigits.get(digits);
        if (!scaled) {
          const value = literalValue.times(new Decimal(10).pow(digits));
          scaled = { floor: value.floor().toNumber(), exact: value.isInteger() };
          scaledByDigits.set(digits, scaled);
        }
        const cents = field.get(row) as number;
        if (scaled.exact) return Math.sign(cents - scaled.floor);
        return cents <= scaled.floor ? -1 : 1;
      };
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
