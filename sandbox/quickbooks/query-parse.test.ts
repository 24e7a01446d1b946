import { describe, expect, it } from 'vitest';
import { parseQuery, QueryParseError } from './query-parse.js';

describe('parseQuery', () => {
  it('parses the statements Dunwise sends', () => {
    expect(
      parseQuery(
        "SELECT * FROM Invoice WHERE Metadata.LastUpdatedTime >= '2026-07-20T08:00:00-07:00' AND Balance > '0' ORDERBY Metadata.LastUpdatedTime STARTPOSITION 1001 MAXRESULTS 1000",
      ),
    ).toEqual({
      count: false,
      entity: 'Invoice',
      conditions: [
        {
          field: 'Metadata.LastUpdatedTime',
          op: '>=',
          values: [{ kind: 'string', text: '2026-07-20T08:00:00-07:00' }],
        },
        { field: 'Balance', op: '>', values: [{ kind: 'string', text: '0' }] },
      ],
      orderBy: [{ field: 'Metadata.LastUpdatedTime', descending: false }],
      startPosition: 1001,
      maxResults: 1000,
    });
  });

  it('reads IN lists, booleans, numbers, COUNT(*) and escaped quotes', () => {
    const parsed = parseQuery(
      "select count(*) from Customer where Active in (true, false) and DisplayName = 'O\\'Brien'",
    );
    expect(parsed.count).toBe(true);
    expect(parsed.conditions).toEqual([
      {
        field: 'Active',
        op: 'IN',
        values: [
          { kind: 'boolean', value: true },
          { kind: 'boolean', value: false },
        ],
      },
      { field: 'DisplayName', op: '=', values: [{ kind: 'string', text: "O'Brien" }] },
    ]);
    expect(parseQuery('SELECT * FROM Invoice WHERE Balance = 0 ORDERBY Id DESC').orderBy).toEqual([
      { field: 'Id', descending: true },
    ]);
  });

  it.each([
    'SELECT Id FROM Invoice',
    'SELECT * Invoice',
    "SELECT * FROM Invoice WHERE Id = '1' OR Id = '2'",
    "SELECT * FROM Invoice WHERE Id = '1",
    'SELECT * FROM Invoice MAXRESULTS ten',
    'SELECT * FROM Invoice; DROP TABLE x',
  ])('rejects %s', (statement) => {
    expect(() => parseQuery(statement)).toThrow(QueryParseError);
  });
});
