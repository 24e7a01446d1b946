import { sql } from 'kysely';
import { decryptSecret, encryptSecret } from '../server/crypto.js';
import type { Db } from '../server/db/connect.js';
import { ConnectorError, type Provider } from './types.js';

/**
 * OAuth tokens of one grant (`connection` row), encrypted at rest, refreshed at most once however many processes
 * need them at the same moment.
 *
 * Why a row lock and not an in-memory promise: web and worker are separate processes, and both providers rotate
 * the refresh token on every refresh, so two concurrent refreshes would leave one process with a dead token
 * (pitfall B02). The rotated token is committed before the new access token is used, so a crash right after a
 * refresh cannot lose it.
 */
export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  /** Rolling expiry of the refresh token, when the provider tells it (QuickBooks x_refresh_token_expires_in). */
  refreshTokenExpiresAt: Date | null;
  /** Hard expiry, when the provider has one (QuickBooks: 5 years from consent). */
  refreshTokenHardExpiresAt?: Date | null;
}

export interface TokenDeps {
  db: Db;
  encryptionKey: Buffer;
  now: () => Date;
}

/** Refresh this long before the access token expires, so a call never starts with a token about to die. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Calls `use` with a valid access token for the connection, refreshing first (under the lock) when it is close to
 * expiry. `refresh` performs the provider call; it must throw ConnectorError('needs_reconnect') for invalid_grant
 * and anything else for transient failures, which leave the stored tokens untouched.
 */
export async function withAccessToken<T>(
  deps: TokenDeps,
  connectionId: string,
  refresh: (refreshToken: string) => Promise<TokenSet>,
  use: (accessToken: string) => Promise<T>,
): Promise<T> {
  const current = await readTokens(deps, connectionId);
  if (current.accessTokenExpiresAt.getTime() - deps.now().getTime() > REFRESH_MARGIN_MS) {
    return use(current.accessToken);
  }
  const fresh = await refreshUnderLock(deps, connectionId, refresh, { force: false });
  return use(fresh.accessToken);
}

/**
 * Refreshes now (e.g. after a 401 that says the token expired early), unless another process refreshed since
 * `staleAccessToken` was read, in which case its result is used.
 */
export async function forceRefresh(
  deps: TokenDeps,
  connectionId: string,
  staleAccessToken: string,
  refresh: (refreshToken: string) => Promise<TokenSet>,
): Promise<TokenSet> {
  return refreshUnderLock(deps, connectionId, refresh, { force: true, staleAccessToken });
}

async function refreshUnderLock(
  deps: TokenDeps,
  connectionId: string,
  refresh: (refreshToken: string) => Promise<TokenSet>,
  options: { force: boolean; staleAccessToken?: string },
): Promise<TokenSet> {
  let provider: Provider = 'quickbooks';
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('connection')
        .selectAll()
        .where('id', '=', connectionId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      provider = row.provider;
      const held = decodeRow(deps, row);
      const stillFresh = held.accessTokenExpiresAt.getTime() - deps.now().getTime() > REFRESH_MARGIN_MS;
      // Someone else refreshed while we waited for the lock: use theirs.
      if (stillFresh && (!options.force || held.accessToken !== options.staleAccessToken)) return held;
      const next = await refresh(held.refreshToken);
      await trx
        .updateTable('connection')
        .set({
          ...encodeTokens(deps, connectionId, next),
          last_refreshed_at: deps.now(),
          last_error: null,
          updated_at: deps.now(),
        })
        .where('id', '=', connectionId)
        .execute();
      return next;
    });
  } catch (error) {
    if (error instanceof ConnectorError && error.kind === 'needs_reconnect') {
      await markNeedsReconnect(deps.db, connectionId, error.message);
    }
    if (error instanceof ConnectorError) throw error;
    throw new ConnectorError(
      provider,
      'transient',
      `token refresh failed: ${String(error)}`,
      {},
      { cause: error },
    );
  }
}

/** Stores the tokens of a new or renewed grant (after the OAuth callback). */
export async function saveTokens(deps: TokenDeps, connectionId: string, tokens: TokenSet): Promise<void> {
  await deps.db
    .updateTable('connection')
    .set({
      ...encodeTokens(deps, connectionId, tokens),
      status: 'active',
      last_refreshed_at: deps.now(),
      last_error: null,
      updated_at: deps.now(),
    })
    .where('id', '=', connectionId)
    .execute();
}

export async function readTokens(deps: TokenDeps, connectionId: string): Promise<TokenSet> {
  const row = await deps.db
    .selectFrom('connection')
    .selectAll()
    .where('id', '=', connectionId)
    .executeTakeFirst();
  if (!row) throw new ConnectorError('quickbooks', 'needs_reconnect', `connection ${connectionId} not found`);
  if (row.status !== 'active') {
    throw new ConnectorError(row.provider, 'needs_reconnect', `connection is ${row.status}`);
  }
  return decodeRow(deps, row);
}

/**
 * The grant is unusable (invalid_grant, revoked, disconnected at the provider): the connection and its
 * organisations need the user to reconnect, and the cadence holds them until then.
 */
export async function markNeedsReconnect(db: Db, connectionId: string, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('connection')
      .set({ status: 'needs_reconnect', last_error: reason, updated_at: sql`now()` })
      .where('id', '=', connectionId)
      .where('status', '=', 'active')
      .execute();
    await trx
      .updateTable('organisation')
      .set({ status: 'needs_reconnect', status_reason: reason })
      .where('connection_id', '=', connectionId)
      .where('status', '=', 'active')
      .execute();
  });
}

function encodeTokens(deps: TokenDeps, connectionId: string, tokens: TokenSet) {
  return {
    access_token_enc: encryptSecret(
      deps.encryptionKey,
      tokens.accessToken,
      `connection:${connectionId}:access`,
    ),
    refresh_token_enc: encryptSecret(
      deps.encryptionKey,
      tokens.refreshToken,
      `connection:${connectionId}:refresh`,
    ),
    access_token_expires_at: tokens.accessTokenExpiresAt,
    refresh_token_expires_at: tokens.refreshTokenExpiresAt,
    ...(tokens.refreshTokenHardExpiresAt !== undefined
      ? { refresh_token_hard_expires_at: tokens.refreshTokenHardExpiresAt }
      : {}),
  };
}

function decodeRow(
  deps: TokenDeps,
  row: {
    id: string;
    provider: Provider;
    access_token_enc: string | null;
    refresh_token_enc: string | null;
    access_token_expires_at: Date | null;
    refresh_token_expires_at: Date | null;
    refresh_token_hard_expires_at: Date | null;
  },
): TokenSet {
  if (!row.access_token_enc || !row.refresh_token_enc) {
    throw new ConnectorError(row.provider, 'needs_reconnect', 'no tokens stored for this connection');
  }
  return {
    accessToken: decryptSecret(deps.encryptionKey, row.access_token_enc, `connection:${row.id}:access`),
    refreshToken: decryptSecret(deps.encryptionKey, row.refresh_token_enc, `connection:${row.id}:refresh`),
    // A token set stored without an expiry is treated as expired: refresh rather than guess (pitfall B04).
    accessTokenExpiresAt: row.access_token_expires_at ?? new Date(0),
    refreshTokenExpiresAt: row.refresh_token_expires_at,
    refreshTokenHardExpiresAt: row.refresh_token_hard_expires_at,
  };
}
