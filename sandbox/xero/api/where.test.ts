import { describe, expect, it } from 'vitest';
import { matches, parseWhere, WhereParseError } from './where.js';

const FIELDS = ['Type', 'Status', 'AmountDue', 'DueDate', 'Contact.ContactID'];

describe('parseWhere', () => {
  it('reads the filters Dunwise sends, joined by && or AND', () => {
    const where = parseWhere(
      'Type=="ACCREC" && Status=="AUTHORISED" AND AmountDue>0 && DueDate<DateTime(2026,12,01)',
      FIELDS,
      'Invoice',
    );
    expect(where).toEqual([
      [
        { field: 'Type', op: '==', value: 'ACCREC' },
        { field: 'Status', op: '==', value: 'AUTHORISED' },
        { field: 'AmountDue', op: '>', value: 0 },
        { field: 'DueDate', op: '<', value: Date.UTC(2026, 11, 1) },
      ],
    ]);
  });

  it('supports OR, Guid() and field names in any case', () => {
    const where = parseWhere(
      'status=="PAID" OR Contact.ContactID==Guid("5E6F7A8B-9C0D-4E1F-A2B3-C4D5E6F7A8B9")',
      FIELDS,
      'Invoice',
    );
    const record: Record<string, string> = {
      Status: 'AUTHORISED',
      'Contact.ContactID': '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
    };
    expect(matches(where, (f) => record[f] ?? null)).toBe(true);
  });

  it.each([
    ['Foo=="x"', "No property or field 'Foo' exists in type 'Invoice'"],
    ['Type=="ACCREC" &&', 'Expression expected'],
    ['Type "ACCREC"', "Operator expected after 'Type'"],
    ['DueDate<DateTime(2026,12)', "No applicable constructor exists in type 'DateTime'"],
    ['Type=="ACCREC" Status=="PAID"', "Syntax error: 'Status'"],
    ['Type==#', 'Syntax error at position 6'],
  ])('rejects %s', (text, message) => {
    expect(() => parseWhere(text, FIELDS, 'Invoice')).toThrow(new WhereParseError(message));
  });
});
