import { Decimal } from 'decimal.js';
import type { Company } from '../books/types.js';
import { derivedFor } from './derived.js';
import { entityByName, type EntityDef, type FieldDef } from './entities.js';
import { faults, type QboError } from './faults.js';
import { currencyDigits } from './money.js';
import { parseQuery, QueryParseError, type Condition, type Literal } from './query-parse.js';
import { parseQboInstant } from './time.js';

export const DEFAULT_MAX_RESULTS = 100;
export const MAX_RESULTS_LIMIT = 1000;
const SORTED_QUERY_CACHE_SIZE = 16;

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
  let page: Row[] = [];
  if (parsed.orderBy.length === 0) {
    // Creation order: stop as soon as the page is full instead of filtering the whole book.
    let skipped = 0;
    for (const row of all) {
      if (page.length >= size) break;
      if (!matches(row)) continue;
      if (skipped < start - 1) skipped += 1;
      else page.push(row);
    }
  } else {
    const keys: { field: FieldDef<Row>; descending: boolean }[] = [];
    for (const order of parsed.orderBy) {
      const field = entity.fields[normalizeField(order.field)];
      if (!field) return { ok: false, error: notQueryable(order.field) };
      keys.push({ field, descending: order.descending });
    }
    const cache = derivedFor(company).sortedQueries;
    const cacheKey = JSON.stringify([entity.name, parsed.conditions, parsed.orderBy]);
    let sorted = cache.get(cacheKey);
    if (!sorted) {
      sorted = all.filter(matches).sort((a, b) => {
        for (const key of keys) {
          const order = compareValues(key.field.get(a), key.field.get(b), key.field.type === 'id');
          if (order !== 0) return key.descending ? -order : order;
        }
        return 0;
      });
      if (cache.size >= SORTED_QUERY_CACHE_SIZE) cache.clear();
      cache.set(cacheKey, sorted);
    }
    page = sorted.slice(start - 1, start - 1 + size);
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
