import { randomBytes } from 'node:crypto';

/**
 * Intuit's OAuth state: authorization codes, grants (one per connect of one realm) and the tokens issued
 * under them. Plain data and functions taking `now`; the routes in oauth-routes.ts do the HTTP.
 *
 * Lifetimes (reference §1.3–1.4): code single use, 10 minutes; access token 3600 s; refresh token 100 days
 * rolling, capped 5 years after the first connect. Rotation: every refresh returns a new refresh token; the
 * previous one keeps working until the new one has been used (or 24 hours after it was issued, Intuit's
 * stated limit), then `invalid_grant`. Reusing a code is refused and revokes what that code issued.
 */
export const CODE_LIFETIME_MS = 10 * 60_000;
export const ACCESS_LIFETIME_S = 3600;
export const REFRESH_LIFETIME_MS = 100 * 86_400_000;
export const HARD_LIFETIME_MS = 5 * 365 * 86_400_000;
export const PREVIOUS_TOKEN_GRACE_MS = 86_400_000;

export interface Grant {
  id: string;
  realmId: string;
  clientId: string;
  scopes: string[];
  createdAt: number;
  hardExpiresAt: number;
  revoked: boolean;
}

interface AuthCode {
  realmId: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
  /** Set once exchanged: a second exchange revokes this grant. */
  grantId: string | null;
}

interface RefreshToken {
  grantId: string;
  expiresAt: number;
  parent: string | null;
  /** When the first successor was issued. */
  supersededAt: number | null;
  /** A successor has been used: this token is dead. */
  retired: boolean;
}

export interface OAuthStore {
  codes: Map<string, AuthCode>;
  grants: Map<string, Grant>;
  accessTokens: Map<string, { grantId: string; expiresAt: number }>;
  refreshTokens: Map<string, RefreshToken>;
}

export interface IssuedTokens {
  grant: Grant;
  accessToken: string;
  refreshToken: string;
  /** Seconds until the refresh token expires (rolling), and until the 5-year cap. */
  refreshExpiresIn: number;
  hardExpiresIn: number;
}

export type TokenOutcome = { ok: true; tokens: IssuedTokens } | { ok: false; error: 'invalid_grant' };

export function createOAuthStore(): OAuthStore {
  return { codes: new Map(), grants: new Map(), accessTokens: new Map(), refreshTokens: new Map() };
}

const opaque = (bytes: number): string => randomBytes(bytes).toString('base64url');

export function issueCode(
  store: OAuthStore,
  request: { realmId: string; clientId: string; redirectUri: string; scopes: string[]; now: number },
): string {
  const code = `AB11${opaque(24)}`;
  store.codes.set(code, {
    realmId: request.realmId,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scopes: request.scopes,
    expiresAt: request.now + CODE_LIFETIME_MS,
    grantId: null,
  });
  return code;
}

export function exchangeCode(
  store: OAuthStore,
  request: { code: string; clientId: string; redirectUri: string; now: number },
): TokenOutcome {
  const code = store.codes.get(request.code);
  if (!code || code.clientId !== request.clientId) return { ok: false, error: 'invalid_grant' };
  if (code.grantId !== null) {
    // A replayed code may be stolen: Intuit invalidates what it issued (oauth-jsclient #173).
    const grant = store.grants.get(code.grantId);
    if (grant) grant.revoked = true;
    return { ok: false, error: 'invalid_grant' };
  }
  if (request.now >= code.expiresAt || code.redirectUri !== request.redirectUri) {
    return { ok: false, error: 'invalid_grant' };
  }
  const grant: Grant = {
    id: opaque(12),
    realmId: code.realmId,
    clientId: code.clientId,
    scopes: code.scopes,
    createdAt: request.now,
    hardExpiresAt: request.now + HARD_LIFETIME_MS,
    revoked: false,
  };
  store.grants.set(grant.id, grant);
  code.grantId = grant.id;
  return { ok: true, tokens: issueTokens(store, grant, null, request.now) };
}

export function refreshGrant(
  store: OAuthStore,
  request: { refreshToken: string; clientId: string; now: number },
): TokenOutcome {
  const token = store.refreshTokens.get(request.refreshToken);
  const grant = token && store.grants.get(token.grantId);
  if (
    !token ||
    !grant ||
    grant.clientId !== request.clientId ||
    !isRefreshUsable(token, grant, request.now)
  ) {
    return { ok: false, error: 'invalid_grant' };
  }
  // Using this token proves the client stored it, so its predecessor is no longer needed.
  if (token.parent) {
    const parent = store.refreshTokens.get(token.parent);
    if (parent) parent.retired = true;
  }
  token.supersededAt ??= request.now;
  return { ok: true, tokens: issueTokens(store, grant, request.refreshToken, request.now) };
}

function isRefreshUsable(token: RefreshToken, grant: Grant, now: number): boolean {
  if (grant.revoked || token.retired || now >= token.expiresAt) return false;
  return token.supersededAt === null || now < token.supersededAt + PREVIOUS_TOKEN_GRACE_MS;
}

function issueTokens(store: OAuthStore, grant: Grant, parent: string | null, now: number): IssuedTokens {
  const accessToken = `eyJ${opaque(48)}`;
  const refreshToken = `AB11${Math.floor((now + REFRESH_LIFETIME_MS) / 1000)}${opaque(24)}`;
  const expiresAt = Math.min(now + REFRESH_LIFETIME_MS, grant.hardExpiresAt);
  store.accessTokens.set(accessToken, { grantId: grant.id, expiresAt: now + ACCESS_LIFETIME_S * 1000 });
  store.refreshTokens.set(refreshToken, {
    grantId: grant.id,
    expiresAt,
    parent,
    supersededAt: null,
    retired: false,
  });
  return {
    grant,
    accessToken,
    refreshToken,
    refreshExpiresIn: Math.floor((expiresAt - now) / 1000),
    hardExpiresIn: Math.floor((grant.hardExpiresAt - now) / 1000),
  };
}

/** The grant behind a live access token, or null (unknown, expired or revoked). */
export function authenticate(store: OAuthStore, accessToken: string, now: number): Grant | null {
  const access = store.accessTokens.get(accessToken);
  if (!access || now >= access.expiresAt) return null;
  const grant = store.grants.get(access.grantId);
  return grant && !grant.revoked ? grant : null;
}

/** Revoking either token of a grant revokes the whole grant, as Intuit's revoke endpoint does. */
export function revokeToken(store: OAuthStore, token: string): boolean {
  const grantId = store.accessTokens.get(token)?.grantId ?? store.refreshTokens.get(token)?.grantId;
  const grant = grantId ? store.grants.get(grantId) : undefined;
  if (!grant) return false;
  grant.revoked = true;
  return true;
}

/** The provider-side disconnect (fault 'revoked'): every grant of the realm stops working. */
export function revokeRealm(store: OAuthStore, realmId: string): void {
  for (const grant of store.grants.values()) if (grant.realmId === realmId) grant.revoked = true;
}

/** The realm a refresh token belongs to, so the token endpoint can apply that realm's injected faults. */
export function realmOfRefreshToken(store: OAuthStore, refreshToken: string): string | null {
  const token = store.refreshTokens.get(refreshToken);
  return (token && store.grants.get(token.grantId)?.realmId) ?? null;
}
