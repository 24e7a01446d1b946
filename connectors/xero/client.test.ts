import { describe, expect, it } from 'vitest';
import { accessTokenExpiry, jwtClaims, toTokenSet } from './client.js';

const jwt = (claims: Record<string, unknown>) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const received = new Date('2026-12-03T10:00:00Z');

describe('B04: access token expiry, even without expires_at', () => {
  it('uses expires_at when present', () => {
    expect(
      accessTokenExpiry({ expires_at: Date.parse('2026-12-03T10:40:00Z') / 1000 }, received).toISOString(),
    ).toBe('2026-12-03T10:40:00.000Z');
  });

  it('computes it from expires_in and when the token was received', () => {
    expect(accessTokenExpiry({ expires_in: 1800 }, received).toISOString()).toBe('2026-12-03T10:30:00.000Z');
  });

  it("falls back to the JWT's own exp", () => {
    const token = jwt({ exp: Date.parse('2026-12-03T10:15:00Z') / 1000 });
    expect(accessTokenExpiry({ access_token: token }, received).toISOString()).toBe(
      '2026-12-03T10:15:00.000Z',
    );
  });

  it('treats a token set with no way to tell as already expired', () => {
    expect(accessTokenExpiry({ access_token: 'opaque' }, received).getTime()).toBe(0);
  });

  it('builds the stored token set', () => {
    const set = toTokenSet(
      { access_token: jwt({ authentication_event_id: 'ae-1' }), refresh_token: 'RT', expires_in: 1800 },
      received,
    );
    expect(set.accessTokenExpiresAt.toISOString()).toBe('2026-12-03T10:30:00.000Z');
    expect(set.refreshToken).toBe('RT');
    expect(jwtClaims(set.accessToken).authentication_event_id).toBe('ae-1');
  });
});
