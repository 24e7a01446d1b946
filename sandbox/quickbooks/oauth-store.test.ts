import { describe, expect, it } from 'vitest';
import {
  authenticate,
  createOAuthStore,
  exchangeCode,
  issueCode,
  refreshGrant,
  type OAuthStore,
  type TokenOutcome,
} from './oauth-store.js';

const T = Date.UTC(2026, 6, 20, 16);
const MINUTE = 60_000;
const DAY = 86_400_000;

function connected(store: OAuthStore, now = T) {
  const code = issueCode(store, {
    realmId: 'R1',
    clientId: 'c',
    redirectUri: 'https://app/cb',
    scopes: ['x'],
    now,
  });
  return tokensOf(exchangeCode(store, { code, clientId: 'c', redirectUri: 'https://app/cb', now }));
}

function tokensOf(outcome: TokenOutcome) {
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.tokens;
}

const refresh = (store: OAuthStore, refreshToken: string, now: number) =>
  refreshGrant(store, { refreshToken, clientId: 'c', now });

describe('authorization codes', () => {
  it('live 10 minutes and must come back with the same client and redirect URI', () => {
    const store = createOAuthStore();
    const request = { realmId: 'R1', clientId: 'c', redirectUri: 'https://app/cb', scopes: ['x'], now: T };
    const late = issueCode(store, request);
    expect(
      exchangeCode(store, { code: late, clientId: 'c', redirectUri: 'https://app/cb', now: T + 10 * MINUTE }),
    ).toEqual({
      ok: false,
      error: 'invalid_grant',
    });
    const otherRedirect = issueCode(store, request);
    expect(
      exchangeCode(store, { code: otherRedirect, clientId: 'c', redirectUri: 'https://evil/cb', now: T }).ok,
    ).toBe(false);
    const fine = issueCode(store, request);
    expect(
      exchangeCode(store, { code: fine, clientId: 'c', redirectUri: 'https://app/cb', now: T + 9 * MINUTE })
        .ok,
    ).toBe(true);
  });
});

describe('token lifetimes', () => {
  it('expires access tokens after 3600 s', () => {
    const store = createOAuthStore();
    const tokens = connected(store);
    expect(authenticate(store, tokens.accessToken, T + 3599_000)?.realmId).toBe('R1');
    expect(authenticate(store, tokens.accessToken, T + 3600_000)).toBeNull();
  });

  it('rolls the refresh expiry forward 100 days on each refresh, up to the 5-year cap', () => {
    const store = createOAuthStore();
    const first = connected(store);
    expect(first.refreshExpiresIn).toBe(100 * 86_400);
    expect(refresh(store, first.refreshToken, T + 100 * DAY)).toEqual({ ok: false, error: 'invalid_grant' });

    let token = first.refreshToken;
    let now = T;
    let last = first;
    for (let i = 0; i < 18; i += 1) {
      now += 99 * DAY;
      last = tokensOf(refresh(store, token, now));
      token = last.refreshToken;
    }
    // 18 × 99 = 1,782 days in: the 5-year cap (1,825 days) leaves 43 days, not another 100.
    expect(last.refreshExpiresIn).toBe(43 * 86_400);
    expect(last.hardExpiresIn).toBe(43 * 86_400);
    expect(refresh(store, token, T + 1825 * DAY)).toEqual({ ok: false, error: 'invalid_grant' });
  });

  it('keeps the previous refresh token until its successor is used, at most 24 hours', () => {
    const store = createOAuthStore();
    const first = connected(store);
    const second = tokensOf(refresh(store, first.refreshToken, T + MINUTE));
    expect(refresh(store, first.refreshToken, T + 23 * 60 * MINUTE).ok).toBe(true);
    expect(refresh(store, first.refreshToken, T + MINUTE + DAY).ok).toBe(false);
    expect(refresh(store, second.refreshToken, T + 2 * DAY).ok).toBe(true);
  });
});
