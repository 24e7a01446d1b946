/**
 * The subset of QBO's query language Dunwise uses (reference §2.3):
 *   SELECT * | COUNT(*) FROM Entity [WHERE cond AND cond ...] [ORDERBY field [ASC|DESC], ...]
 *   [STARTPOSITION n] [MAXRESULTS n]
 * with cond = field (= | < | > | <= | >= | LIKE) value | field IN (value, ...). Keywords are case-insensitive,
 * strings are single-quoted with backslash escapes (O\'Brien). There is no OR, as in QBO.
 */
export type Literal =
  { kind: 'string'; text: string } | { kind: 'number'; text: string } | { kind: 'boolean'; value: boolean };

export type Operator = '=' | '<' | '>' | '<=' | '>=' | 'LIKE' | 'IN';

export interface Condition {
  field: string;
  op: Operator;
  values: Literal[];
}

export interface ParsedQuery {
  count: boolean;
  entity: string;
  conditions: Condition[];
  orderBy: { field: string; descending: boolean }[];
  startPosition: number | null;
  maxResults: number | null;
}

export class QueryParseError extends Error {}

interface Token {
  kind: 'word' | 'string' | 'number' | 'symbol' | 'end';
  text: string;
  column: number;
}

const SYMBOLS = ['<=', '>=', '!=', '<>', '=', '<', '>', '(', ')', ',', '*'];

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const column = i + 1;
    if (ch === "'") {
      let text = '';
      i += 1;
      while (i < query.length && query[i] !== "'") {
        if (query[i] === '\\' && i + 1 < query.length) i += 1;
        text += query[i];
        i += 1;
      }
      if (i >= query.length)
        throw new QueryParseError(`Lexical error at line 1, column ${column}. Unterminated string.`);
      i += 1;
      tokens.push({ kind: 'string', text, column });
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(query.slice(i));
    if (number && (ch !== '-' || /\d/.test(query[i + 1] ?? ''))) {
      tokens.push({ kind: 'number', text: number[0], column });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(query.slice(i));
    if (word) {
      tokens.push({ kind: 'word', text: word[0], column });
      i += word[0].length;
      continue;
    }
    const symbol = SYMBOLS.find((s) => query.startsWith(s, i));
    if (!symbol)
      throw new QueryParseError(`Lexical error at line 1, column ${column}.  Encountered: "${ch}"`);
    tokens.push({ kind: 'symbol', text: symbol, column });
    i += symbol.length;
  }
  tokens.push({ kind: 'end', text: '<EOF>', column: query.length + 1 });
  return tokens;
}

export function parseQuery(query: string): ParsedQuery {
  const tokens = tokenize(query);
  let position = 0;
  const peek = (): Token => tokens[position]!;
  const next = (): Token => tokens[position++]!;
  const isKeyword = (token: Token, keyword: string): boolean =>
    token.kind === 'word' && token.text.toUpperCase() === keyword;
  const fail = (token: Token, expecting: string): never => {
    throw new QueryParseError(
      `Encountered " ${token.kind === 'end' ? '<EOF>' : `"${token.text} "`}" at line 1, column ${token.column}.\nWas expecting:\n    ${expecting} ...`,
    );
  };
  const expectKeyword = (keyword: string): void => {
    const token = next();
    if (!isKeyword(token, keyword)) fail(token, `"${keyword.toLowerCase()}"`);
  };
  const expectSymbol = (symbol: string): void => {
    const token = next();
    if (token.kind !== 'symbol' || token.text !== symbol) fail(token, `"${symbol}"`);
  };
  const expectWord = (what: string): string => {
    const token = next();
    if (token.kind !== 'word') fail(token, what);
    return token.text;
  };
  const expectInteger = (): number => {
    const token = next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) fail(token, '<INTEGER>');
    return Number(token.text);
  };
  const literal = (): Literal => {
    const token = next();
    if (token.kind === 'string') return { kind: 'string', text: token.text };
    if (token.kind === 'number') return { kind: 'number', text: token.text };
    if (isKeyword(token, 'TRUE') || isKeyword(token, 'FALSE')) {
      return { kind: 'boolean', value: token.text.toUpperCase() === 'TRUE' };
    }
    return fail(token, '<STRING>');
  };

  expectKeyword('SELECT');
  let count = false;
  if (isKeyword(peek(), 'COUNT')) {
    next();
    expectSymbol('(');
    expectSymbol('*');
    expectSymbol(')');
    count = true;
  } else {
    expectSymbol('*');
  }
  expectKeyword('FROM');
  const entity = expectWord('<ENTITY>');

  const conditions: Condition[] = [];
  if (isKeyword(peek(), 'WHERE')) {
    next();
    do {
      const field = expectWord('<PROPERTY>');
      const opToken = next();
      let op: Operator;
      if (isKeyword(opToken, 'IN')) op = 'IN';
      else if (isKeyword(opToken, 'LIKE')) op = 'LIKE';
      else if (opToken.kind === 'symbol' && ['=', '<', '>', '<=', '>='].includes(opToken.text)) {
        op = opToken.text as Operator;
      } else return fail(opToken, '"=" ... "<" ... ">" ... "<=" ... ">=" ... "in" ... "like"');
      const values: Literal[] = [];
      if (op === 'IN') {
        expectSymbol('(');
        values.push(literal());
        while (peek().kind === 'symbol' && peek().text === ',') {
          next();
          values.push(literal());
        }
        expectSymbol(')');
      } else {
        values.push(literal());
      }
      conditions.push({ field, op, values });
    } while (isKeyword(peek(), 'AND') && next());
  }

  const orderBy: ParsedQuery['orderBy'] = [];
  if (isKeyword(peek(), 'ORDERBY') || isKeyword(peek(), 'ORDER')) {
    if (isKeyword(next(), 'ORDER')) expectKeyword('BY');
    do {
      const field = expectWord('<PROPERTY>');
      let descending = false;
      if (isKeyword(peek(), 'DESC') || isKeyword(peek(), 'ASC'))
        descending = next().text.toUpperCase() === 'DESC';
      orderBy.push({ field, descending });
    } while (peek().kind === 'symbol' && peek().text === ',' && next());
  }

  let startPosition: number | null = null;
  let maxResults: number | null = null;
  for (;;) {
    if (isKeyword(peek(), 'STARTPOSITION') && startPosition === null) {
      next();
      startPosition = expectInteger();
    } else if (isKeyword(peek(), 'MAXRESULTS') && maxResults === null) {
      next();
      maxResults = expectInteger();
    } else break;
  }
  if (peek().kind !== 'end') fail(peek(), '<EOF>');
  return { count, entity, conditions, orderBy, startPosition, maxResults };
}
