/** Intuit warns 30 days before a refresh token's end (reference §1.3); we tell the user at the same point. */
export const EXPIRY_WARNING_MS = 30 * 86_400_000;

export type TokenHealth = 'ok' | 'reconnect_soon' | 'expired';

/**
 * Whether the grant is about to die of old age: the 100-day rolling expiry (only if nothing refreshed it) or the
 * 5-year hard cap, after which refresh keeps "succeeding" without moving the date and then fails (pitfall P6).
 * The connections page warns on 'reconnect_soon' and 'expired', with a Reconnect link (server/routes/connections.ts).
 */
export function tokenHealth(connection: GrantExpiries, now: Date): TokenHealth {
  const end = grantEndsAt(connection);
  if (end === null) return 'ok';
  if (end.getTime() <= now.getTime()) return 'expired';
  return end.getTime() - now.getTime() <= EXPIRY_WARNING_MS ? 'reconnect_soon' : 'ok';
}

export interface GrantExpiries {
  refresh_token_expires_at: Date | null;
  refresh_token_hard_expires_at: Date | null;
}

/** The first of the two expiries the provider told us, or null when it told us neither. */
export function grantEndsAt(connection: GrantExpiries): Date | null {
  const ends = [connection.refresh_token_expires_at, connection.refresh_token_hard_expires_at].filter(
    (d): d is Date => d !== null,
  );
  return ends.length === 0 ? null : new Date(Math.min(...ends.map((d) => d.getTime())));
}
