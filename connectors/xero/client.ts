import {
  custom,
  errors as oidcErrors,
  Issuer,
  type BaseClient,
  type TokenSet as OidcTokenSet,
} from 'openid-client';
import { XeroClient } from 'xero-node';
import type { Config } from '../../server/config.js';
import type { TokenSet } from '../tokens.js';
import { ConnectorError } from '../types.js';
import { parseXeroError } from './errors.js';

export type XeroConfig = NonNullable<Config['xero']>;

export const XERO_SCOPES = [
  'openid',
  'profile',
  'email',
  'offline_access',
  'accounting.invoices',
  'accounting.payments.read',
  'accounting.contacts.read',
  'accounting.settings.read',
] as const;

/** JWT nbf/iat checks tolerate this much clock drift between us and Xero (xero-node#327). */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * The issuer is discovered once per identity URL and kept: discovery is a network round trip, and xero-node's own
 * `initialize()` would always discover https://identity.xero.com, ignoring XERO_IDENTITY_URL.
 */
const issuers = new Map<string, Promise<Issuer>>();

export function xeroIssuer(identityUrl: string): Promise<Issuer> {
  let issuer = issuers.get(identityUrl);
  if (!issuer) {
    issuer = Issuer.discover(identityUrl);
    issuers.set(identityUrl, issuer);
    // A failed discovery is not cached: the next request tries again.
    issuer.catch(() => issuers.delete(identityUrl));
  }
  return issuer;
}

export async function openIdClient(config: XeroConfig): Promise<BaseClient> {
  const issuer = await xeroIssuer(config.identityUrl);
  const client = new issuer.Client({
    client_id: config.clientId,
    client_secret: config.clientSecret,
    redirect_uris: [config.redirectUri],
    response_types: ['code'],
  });
  client[custom.clock_tolerance] = CLOCK_TOLERANCE_SECONDS;
  return client;
}

/**
 * A new xero-node client for one request or job: its token set and `state` are per instance (P8), so sharing one
 * across organisations or users would send one tenant's call with another's token. Endpoints come from config.
 */
export async function createXeroClient(
  config: XeroConfig,
  /** `scopes`: the connection's by default; "Sign in with Xero" asks only for the OpenID ones. */
  options: { accessToken?: string; state?: string; scopes?: readonly string[] } = {},
): Promise<XeroClient> {
  const xero = new XeroClient({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUris: [config.redirectUri],
    scopes: [...(options.scopes ?? XERO_SCOPES)],
    state: options.state,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  });
  xero.openIdClient = await openIdClient(config);
  xero.accountingApi.basePath = `${config.apiUrl}/api.xro/2.0`;
  if (options.accessToken) xero.setTokenSet({ access_token: options.accessToken, token_type: 'Bearer' });
  return xero;
}

/**
 * Refreshes through the configured issuer (xero-node's refreshWithRefreshToken posts to identity.xero.com).
 * invalid_grant means the grant is gone: the user has to reconnect.
 */
export async function refreshXeroTokens(
  config: XeroConfig,
  refreshToken: string,
  now: Date,
): Promise<TokenSet> {
  const client = await openIdClient(config);
  try {
    const fresh = await client.refresh(refreshToken);
    return toTokenSet(fresh, now);
  } catch (error) {
    if (
      error instanceof oidcErrors.OPError &&
      (error.error === 'invalid_grant' || error.error === 'unauthorized_client')
    ) {
      throw new ConnectorError(
        'xero',
        'needs_reconnect',
        `xero refresh refused: ${error.error}`,
        {},
        { cause: error },
      );
    }
    throw new ConnectorError(
      'xero',
      'transient',
      `xero refresh failed: ${String(error)}`,
      {},
      { cause: error },
    );
  }
}

/** Revokes the whole grant: every organisation connected through it is disconnected at Xero. */
export async function revokeXeroGrant(config: XeroConfig, refreshToken: string): Promise<void> {
  const client = await openIdClient(config);
  await client.revoke(refreshToken, 'refresh_token');
}

/**
 * The access token's expiry, even when the token set has no `expires_at` (pitfall B04): from `expires_in` and
 * when it was received, else the JWT's own `exp`; failing all, already expired, so it is refreshed before use.
 */
export function accessTokenExpiry(
  tokens: { access_token?: string; expires_at?: number; expires_in?: number },
  receivedAt: Date,
): Date {
  if (typeof tokens.expires_at === 'number' && Number.isFinite(tokens.expires_at)) {
    return new Date(tokens.expires_at * 1000);
  }
  if (typeof tokens.expires_in === 'number' && Number.isFinite(tokens.expires_in)) {
    return new Date(receivedAt.getTime() + tokens.expires_in * 1000);
  }
  const exp = tokens.access_token ? jwtClaims(tokens.access_token).exp : undefined;
  return typeof exp === 'number' ? new Date(exp * 1000) : new Date(0);
}

export function toTokenSet(fresh: OidcTokenSet | Record<string, unknown>, receivedAt: Date): TokenSet {
  const accessToken = fresh.access_token;
  const refreshToken = fresh.refresh_token;
  if (typeof accessToken !== 'string' || typeof refreshToken !== 'string') {
    throw new ConnectorError(
      'xero',
      'transient',
      'xero token response without access_token or refresh_token',
    );
  }
  return {
    accessToken,
    refreshToken,
    accessTokenExpiresAt: accessTokenExpiry(
      {
        access_token: accessToken,
        expires_in: numberOr(fresh.expires_in),
        expires_at: numberOr(fresh.expires_at),
      },
      receivedAt,
    ),
    // Xero refresh tokens die after 60 days unused; each refresh restarts that clock.
    refreshTokenExpiresAt: new Date(receivedAt.getTime() + 60 * 86_400_000),
  };
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** Claims of a JWT, unverified: used only to read our own token's expiry and auth event id. */
export function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export interface XeroConnection {
  id: string;
  authEventId: string | null;
  tenantId: string;
  tenantType: string;
  tenantName: string | null;
}

/** GET /connections on the configured API base (xero-node's updateTenants() always calls api.xero.com). */
export async function listConnections(
  config: XeroConfig,
  accessToken: string,
  authEventId?: string,
): Promise<XeroConnection[]> {
  const url = new URL(`${config.apiUrl}/connections`);
  if (authEventId) url.searchParams.set('authEventId', authEventId);
  const body = await identityApi(url, 'GET', accessToken);
  if (!Array.isArray(body))
    throw new ConnectorError('xero', 'transient', 'xero /connections did not return a list');
  return body.map((c: Record<string, unknown>) => ({
    id: String(c.id),
    authEventId: typeof c.authEventId === 'string' ? c.authEventId : null,
    tenantId: String(c.tenantId),
    tenantType: typeof c.tenantType === 'string' ? c.tenantType : 'ORGANISATION',
    tenantName: typeof c.tenantName === 'string' ? c.tenantName : null,
  }));
}

/** DELETE /connections/{id}: the connection id, not the tenant id (xero-node#403). */
export async function deleteConnection(
  config: XeroConfig,
  accessToken: string,
  connectionId: string,
): Promise<void> {
  await identityApi(
    new URL(`${config.apiUrl}/connections/${encodeURIComponent(connectionId)}`),
    'DELETE',
    accessToken,
  );
}

async function identityApi(url: URL, method: 'GET' | 'DELETE', accessToken: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new ConnectorError('xero', 'transient', `xero unreachable: ${String(error)}`, {}, { cause: error });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text for the message
  }
  if (!response.ok) {
    const headers = Object.fromEntries(response.headers.entries());
    throw parseXeroError({ response: { status: response.status, headers, body } }).error;
  }
  return body;
}
