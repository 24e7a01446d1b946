import OAuthClient from 'intuit-oauth';
import type { Config } from '../../server/config.js';
import type { TokenSet } from '../tokens.js';
import { ConnectorError } from '../types.js';

export type QuickBooksConfig = NonNullable<Config['quickbooks']>;

/** Accounting for the data; OpenID scopes so "Sign in with Intuit" can identify the user (issue 4). */
export const QUICKBOOKS_SCOPES = ['com.intuit.quickbooks.accounting', 'openid', 'email', 'profile'];

/**
 * intuit-oauth keeps its endpoints in static properties of the class (src/OAuthClient.js L98-115), so pointing it at
 * the configured Intuit (or the sandbox) is a process-wide setting. Called by every factory below, which makes it
 * impossible to use a client before it is set; the values only ever come from the one config.
 */
export function configureIntuitOAuth(config: QuickBooksConfig): void {
  const statics = OAuthClient as unknown as Record<string, unknown>;
  statics['authorizeEndpoint'] = config.authorizeUrl;
  statics['tokenEndpoint'] = config.tokenUrl;
  statics['revokeEndpoint'] = config.revokeUrl;
  statics['userinfo_endpoint_sandbox'] = config.userinfoUrl;
  statics['userinfo_endpoint_production'] = config.userinfoUrl;
  statics['jwks_uri'] = config.jwksUrl;
}

/**
 * A fresh client per use: intuit-oauth holds one token per instance, so sharing one across realms would mix them
 * (reference P26). Logging stays off: the library would write tokens to ./logs.
 */
export function createOAuthClient(config: QuickBooksConfig): OAuthClient {
  configureIntuitOAuth(config);
  return new OAuthClient({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    environment: config.environment,
    redirectUri: config.redirectUri,
    logging: false,
    includeRefreshTokenHardExpiresIn: true,
  });
}

export function authorizeUrl(config: QuickBooksConfig, state: string): string {
  return createOAuthClient(config).authorizeUri({ scope: QUICKBOOKS_SCOPES, state });
}

export interface CodeExchange {
  tokens: TokenSet;
  realmId: string;
  idToken: string | null;
}

/** Exchanges the callback's code. Callers make sure this runs once per code (pitfall: a second exchange poisons the grant). */
export async function exchangeCode(
  config: QuickBooksConfig,
  callbackQuery: string,
  now: Date,
): Promise<CodeExchange> {
  const client = createOAuthClient(config);
  const realmId = new URLSearchParams(callbackQuery).get('realmId') ?? '';
  try {
    const response = await client.createToken(`?${callbackQuery}`);
    const json = response.json as Record<string, unknown>;
    return {
      tokens: tokenSetFrom(json, now),
      realmId,
      idToken: typeof json['id_token'] === 'string' ? json['id_token'] : null,
    };
  } catch (error) {
    throw asConnectorError(error, 'code exchange');
  }
}

/** The `refresh` callback for connectors/tokens.ts. invalid_grant → needs_reconnect; anything else → transient. */
export async function refreshTokens(
  config: QuickBooksConfig,
  refreshToken: string,
  now: Date,
): Promise<TokenSet> {
  const client = createOAuthClient(config);
  try {
    const response = await client.refreshUsingToken(refreshToken);
    return tokenSetFrom(response.json as Record<string, unknown>, now);
  } catch (error) {
    throw asConnectorError(error, 'token refresh');
  }
}

/** Revokes the grant at Intuit (App Store requirement 2.3). A token Intuit no longer knows is already revoked. */
export async function revokeToken(config: QuickBooksConfig, refreshToken: string): Promise<void> {
  const client = createOAuthClient(config);
  try {
    await client.revoke({ refresh_token: refreshToken });
  } catch (error) {
    const converted = asConnectorError(error, 'revoke');
    if (converted.kind !== 'needs_reconnect' && converted.kind !== 'rejected') throw converted;
  }
}

/**
 * Builds the token set from a token response, refusing a response without both tokens (pitfall B03: never store
 * `undefined` over good tokens).
 */
export function tokenSetFrom(json: Record<string, unknown>, now: Date): TokenSet {
  const access = json['access_token'];
  const refresh = json['refresh_token'];
  if (typeof access !== 'string' || !access || typeof refresh !== 'string' || !refresh) {
    throw new ConnectorError(
      'quickbooks',
      'transient',
      'token response without access_token or refresh_token',
    );
  }
  const seconds = (key: string) => {
    const value = Number(json[key]);
    return Number.isFinite(value) && value > 0 ? value : null;
  };
  const after = (s: number | null) => (s === null ? null : new Date(now.getTime() + s * 1000));
  return {
    accessToken: access,
    refreshToken: refresh,
    accessTokenExpiresAt: after(seconds('expires_in') ?? 3600)!,
    refreshTokenExpiresAt: after(seconds('x_refresh_token_expires_in')),
    refreshTokenHardExpiresAt: after(seconds('x_refresh_token_hard_expires_in')),
  };
}

function asConnectorError(error: unknown, what: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const e = error as { error?: unknown; code?: unknown; message?: unknown };
  const code = typeof e.error === 'string' ? e.error : '';
  if (code === 'invalid_grant' || code === 'invalid_client' || e.code === 'UNAUTHORIZED') {
    return new ConnectorError(
      'quickbooks',
      'needs_reconnect',
      `${what}: ${code || 'unauthorized'}`,
      {},
      { cause: error },
    );
  }
  if (e.code === 'RATE_LIMIT_EXCEEDED') {
    return new ConnectorError(
      'quickbooks',
      'rate_limited',
      `${what}: throttled`,
      { retryAfterMs: 60_000 },
      { cause: error },
    );
  }
  return new ConnectorError(
    'quickbooks',
    'transient',
    `${what} failed: ${String(e.message ?? error)}`,
    {},
    {
      cause: error,
    },
  );
}
