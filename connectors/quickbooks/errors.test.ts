import { describe, expect, it } from 'vitest';
import { faultIn, readFault } from './errors.js';

describe('reading a QuickBooks Fault', () => {
  it("reads the API's Fault and the gateway's lowercase fault", () => {
    expect(
      faultIn({ Fault: { Error: [{ Message: 'Stale', code: '5010' }], type: 'ValidationFault' } }),
    ).toEqual({
      Error: [{ Message: 'Stale', code: '5010' }],
      type: 'ValidationFault',
    });
    expect(
      faultIn({
        fault: { error: [{ message: 'Token expired', detail: 'd', code: '3200' }], type: 'AUTHENTICATION' },
      }),
    ).toEqual({ type: 'AUTHENTICATION', Error: [{ Message: 'Token expired', Detail: 'd', code: '3200' }] });
  });

  it('a gateway fault of an unexpected shape is still a fault, never a TypeError', () => {
    expect(faultIn({ fault: { error: 'x' } })).toEqual({ type: undefined, Error: [] });
    expect(faultIn({ fault: { error: [null, 7], type: 3 } })).toEqual({
      type: undefined,
      Error: [
        { Message: undefined, Detail: undefined, code: undefined },
        { Message: undefined, Detail: undefined, code: undefined },
      ],
    });
  });

  it('a body without a fault has none, whatever it is', () => {
    expect(faultIn({ QueryResponse: {} })).toBeNull();
    expect(faultIn(null)).toBeNull();
    expect(faultIn('text')).toBeNull();
    expect(readFault('not json')).toBeNull();
    expect(readFault('<IntuitResponse><QueryResponse/></IntuitResponse>')).toBeNull();
  });
});
