/**
 * The subset of Xero's `where` language (a .NET dynamic-LINQ expression) that Dunwise sends:
 *   Type=="ACCREC" && Status=="AUTHORISED" && AmountDue>0 && DueDate<DateTime(2026,12,01)
 * Comparisons of a field with a string, number, boolean, Guid("…") or DateTime(y,m,d[,h,m,s]), joined by
 * `&&`/`AND` and `||`/`OR` (AND binds tighter). Anything else is a QueryParseException, as Xero answers.
 */
export type WhereValue = string | number | boolean;
export type Op = '==' | '!=' | '>' | '>=' | '<' | '<=';

export interface Comparison {
  field: string;
  op: Op;
  value: WhereValue;
}

/** OR of ANDs. */
export type Where = Comparison[][];

export class WhereParseError extends Error {}

const TOKEN =
  /\s*(?:(&&|\|\||==|!=|>=|<=|>|<|=)|("(?:[^"\\]|\\.)*")|(DateTime\s*\([^)]*\))|(Guid\s*\(\s*"[^"]*"\s*\))|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_.]*))/y;

type Token = { kind: 'op' | 'string' | 'date' | 'guid' | 'number' | 'word'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < text.length) {
    if (/^\s*$/.test(text.slice(position))) break;
    TOKEN.lastIndex = position;
    const m = TOKEN.exec(text);
    if (!m) throw new WhereParseError(`Syntax error at position ${position}`);
    position = TOKEN.lastIndex;
    const kinds = ['op', 'string', 'date', 'guid', 'number', 'word'] as const;
    const index = m.slice(1).findIndex((group) => group !== undefined);
    tokens.push({ kind: kinds[index]!, text: m[index + 1]! });
  }
  return tokens;
}

function parseValue(token: Token | undefined): WhereValue {
  if (!token) throw new WhereParseError('Expression expected');
  switch (token.kind) {
    case 'string':
      return JSON.parse(token.text) as string;
    case 'number':
      return Number(token.text);
    case 'guid':
      return /"([^"]*)"/.exec(token.text)![1]!.toLowerCase();
    case 'date': {
      const parts = token.text
        .slice(token.text.indexOf('(') + 1, -1)
        .split(',')
        .map((p) => Number(p.trim()));
      if (parts.length < 3 || parts.length > 6 || parts.some((p) => !Number.isInteger(p)))
        throw new WhereParseError(`No applicable constructor exists in type 'DateTime'`);
      const [y, mo, d, h = 0, mi = 0, s = 0] = parts as [number, number, number, number?, number?, number?];
      return Date.UTC(y, mo - 1, d, h, mi, s);
    }
    case 'word':
      if (token.text === 'true' || token.text === 'false') return token.text === 'true';
      throw new WhereParseError(`No property or field '${token.text}' exists in type`);
    case 'op':
      throw new WhereParseError(`Expression expected`);
  }
}

/** `fields` lists the fields the entity knows (Xero answers an unknown field with a parse error). */
export function parseWhere(text: string, fields: readonly string[], typeName: string): Where {
  const tokens = tokenize(text);
  const known = new Map(fields.map((f) => [f.toLowerCase(), f]));
  const where: Where = [[]];
  let i = 0;
  while (i < tokens.length) {
    const fieldToken = tokens[i++];
    if (fieldToken?.kind !== 'word') throw new WhereParseError('Expression expected');
    const field = known.get(fieldToken.text.toLowerCase());
    if (!field)
      throw new WhereParseError(`No property or field '${fieldToken.text}' exists in type '${typeName}'`);
    const opToken = tokens[i++];
    if (opToken?.kind !== 'op' || opToken.text === '&&' || opToken.text === '||')
      throw new WhereParseError(`Operator expected after '${fieldToken.text}'`);
    const op = (opToken.text === '=' ? '==' : opToken.text) as Op;
    const value = parseValue(tokens[i++]);
    where[where.length - 1]!.push({ field, op, value });
    const joiner = tokens[i];
    if (!joiner) break;
    const word = joiner.text.toUpperCase();
    if (joiner.text === '&&' || word === 'AND') i++;
    else if (joiner.text === '||' || word === 'OR') {
      where.push([]);
      i++;
    } else throw new WhereParseError(`Syntax error: '${joiner.text}'`);
    if (i >= tokens.length) throw new WhereParseError('Expression expected');
  }
  if (where[0]!.length === 0) throw new WhereParseError('Expression expected');
  return where;
}

function compare(actual: WhereValue | null, op: Op, expected: WhereValue): boolean {
  if (actual === null) return op === '!=';
  if (typeof actual === 'string' && typeof expected === 'string') {
    const a = actual.toLowerCase();
    const b = expected.toLowerCase();
    return op === '==' ? a === b : op === '!=' ? a !== b : compareOrdered(a, b, op);
  }
  return op === '=='
    ? actual === expected
    : op === '!='
      ? actual !== expected
      : compareOrdered(actual, expected, op);
}

function compareOrdered(a: WhereValue, b: WhereValue, op: Op): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '==':
    case '!=':
      return false;
  }
}

/** `get` reads a field of the record: strings, numbers (amounts in major units, dates as epoch ms), booleans. */
export function matches(where: Where, get: (field: string) => WhereValue | null): boolean {
  return where.some((all) => all.every((c) => compare(get(c.field), c.op, c.value)));
}
