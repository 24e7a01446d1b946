import { describe, expect, it } from 'vitest';
import { parseXeroError } from './errors.js';

/** The shape xero-node 20 rejects with: a JSON string of { response: { statusCode, body, headers }, body }. */
const sdkError = (statusCode: number, body: unknown, headers: Record<string, string> = {}) =>
  JSON.stringify({ response: { statusCode, body, headers, request: {} }, body });

describe('xero-node errors become typed ConnectorErrors, parsed once', () => {
  it('401 TokenExpired asks for one refresh', () => {
    const f = parseXeroError(
      sdkError(401, { Title: 'Unauthorized', Detail: 'TokenExpired: token expired at 12/03/2026 10:00:00' }),
    );
    expect(f.tokenExpired).toBe(true);
    expect(f.status).toBe(401);
  });

  it('403 AuthenticationUnsuccessful (organisation removed in Xero) needs a reconnect (B05)', () => {
    const f = parseXeroError(
      sdkError(403, { Title: 'Forbidden', Status: 403, Detail: 'AuthenticationUnsuccessful' }),
    );
    expect(f.error).toMatchObject({ kind: 'needs_reconnect', details: { status: 403 } });
    expect(f.tokenExpired).toBe(false);
  });

  it('429 minute and day are told apart, with Retry-After (B21)', () => {
    const minute = parseXeroError(
      sdkError(429, '', {
        'Retry-After': '7',
        'X-Rate-Limit-Problem': 'minute',
        'X-DayLimit-Remaining': '4210',
      }),
    );
    expect(minute.error).toMatchObject({
      kind: 'rate_limited',
      details: { scope: 'minute', retryAfterMs: 7000 },
    });
    expect(minute.headers['x-daylimit-remaining']).toBe('4210');
    const day = parseXeroError(sdkError(429, '', { 'retry-after': '43200', 'x-rate-limit-problem': 'day' }));
    expect(day.error).toMatchObject({
      kind: 'rate_limited',
      details: { scope: 'day', retryAfterMs: 43_200_000 },
    });
    expect(
      parseXeroError(sdkError(429, '', { 'retry-after': '3', 'x-rate-limit-problem': 'appminute' })).appWide,
    ).toBe(true);
  });

  it("400 ValidationException is 'rejected' with Xero's own messages", () => {
    const f = parseXeroError(
      sdkError(400, {
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: 'A validation exception occurred',
        Elements: [{ ValidationErrors: [{ Message: 'Details must be 250 characters or less' }] }],
      }),
    );
    expect(f.error.kind).toBe('rejected');
    expect(f.error.message).toContain('Details must be 250 characters or less');
  });

  it('5xx and network failures are transient; 404 is not_found', () => {
    expect(parseXeroError(sdkError(503, { Title: 'An error occurred' })).error.kind).toBe('transient');
    expect(parseXeroError(sdkError(0, 'connect ECONNREFUSED')).error.kind).toBe('transient');
    expect(parseXeroError(new Error('socket hang up')).error.kind).toBe('transient');
    expect(parseXeroError(sdkError(404, "The resource you're looking for cannot be found")).error.kind).toBe(
      'not_found',
    );
  });

  it('also reads axios-shaped errors from XeroClient calls', () => {
    const f = parseXeroError({
      response: { status: 403, headers: {}, data: { Detail: 'AuthenticationUnsuccessful' } },
    });
    expect(f.error.kind).toBe('needs_reconnect');
  });
});
