import { randomBytes, randomUUID } from 'node:crypto';

/**
 * What Xero's identity server remembers: authorization codes, grants (one per user and app, covering every
 * organisation the user connected), refresh tokens with rotation, and the connections of each grant.
 */
export interface Connection {
  id: string;
  authEventId: string;
  tenantId: string;
  tenantType: 'ORGANISATION';
  tenantName: string;
  createdDateUtc: string;
  updatedDateUtc: string;
}

export interface Grant {
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  connections: Connection[];
  revoked: boolean;
  authTime: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  grantId: string;
  authEventId: string;
  expiresAt: number;
  used: boolean;
}

export interface RefreshToken {
  token: string;
  grantId: string;
  authEventId: string;
  scopes: string[];
  issuedAt: number;
  /** When it was first exchanged for a new one; it stays usable for the grace period after that. */
  rotatedAt: number | null;
}

/** The one sandbox user who clicks through consent pages. */
export const SANDBOX_USER = {
  id: 'a2c5e8f1-3b4d-4c6e-8f0a-1b2c3d4e5f60',
  email: 'owner@dunwise.example',
  givenName: 'Sam',
  familyName: 'Sandbox',
};

export const REFRESH_GRACE_MS = 30 * 60 * 1000;
/** A refresh token left unused for 60 days dies (reference §1.3, pitfall P3). */
export const REFRESH_TTL_MS = 60 * 24 * 60 * 60 * 1000;
export const CODE_TTL_MS = 5 * 60 * 1000;

export class IdentityStore {
  readonly codes = new Map<string, AuthorizationCode>();
  readonly grants = new Map<string, Grant>();
  readonly refreshTokens = new Map<string, RefreshToken>();

  /** Xero keeps one grant per (user, app): consenting again adds organisations to it. */
  grantFor(clientId: string, userId: string, now: number): Grant {
    for (const grant of this.grants.values()) {
      if (grant.clientId === clientId && grant.userId === userId && !grant.revoked) return grant;
    }
    const grant: Grant = {
      id: randomUUID(),
      clientId,
      userId,
      scopes: [],
      connections: [],
      revoked: false,
      authTime: now,
    };
    this.grants.set(grant.id, grant);
    return grant;
  }

  connect(grant: Grant, tenants: { id: string; name: string }[], authEventId: string, now: number): void {
    const stamp = new Date(now).toISOString().replace('Z', '');
    for (const tenant of tenants) {
      const existing = grant.connections.find((c) => c.tenantId === tenant.id);
      if (existing) {
        existing.authEventId = authEventId;
        existing.updatedDateUtc = stamp;
      } else {
        grant.connections.push({
          id: randomUUID(),
          authEventId,
          tenantId: tenant.id,
          tenantType: 'ORGANISATION',
          tenantName: tenant.name,
          createdDateUtc: stamp,
          updatedDateUtc: stamp,
        });
      }
    }
  }

  issueRefreshToken(grant: Grant, authEventId: string, scopes: string[], now: number): string {
    const token = randomBytes(32).toString('hex');
    this.refreshTokens.set(token, {
      token,
      grantId: grant.id,
      authEventId,
      scopes,
      issuedAt: now,
      rotatedAt: null,
    });
    return token;
  }

  revoke(grant: Grant): void {
    grant.revoked = true;
    grant.connections = [];
    for (const [token, record] of this.refreshTokens)
      if (record.grantId === grant.id) this.refreshTokens.delete(token);
  }

  /** The organisation removed the app (Settings › Connected Apps): drop its connection from every grant. */
  disconnectTenant(tenantId: string): void {
    for (const grant of this.grants.values()) {
      grant.connections = grant.connections.filter((c) => c.tenantId !== tenantId);
    }
  }
}
