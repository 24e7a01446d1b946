/** Intuit warns 30 days before a refresh token's end (reference §1.3); we tell the user at the same point. */
export const EXPIRY_WARNING_MS = 30 * 86_400_000;

export type TokenHealth = 'ok' | 'reconnect_soon' | 'expired';

/**
 * Whether the grant is about to die of old age: the 100-day rolling expiry (only if nothing refreshed it) or the
 * 5-year hard cap, after which refresh keeps "succeeding" without moving the date and then fails (pitfall P6).
 * The connections page warns on 'reconnect_soon' and 'expired', with a Reconnect link (server/routes/connections.ts).
 */
export function tokenHealth(
  connection: { refresh_token_expires_at: Date | null; refresh_token_hard_expires_at: Date | null },
  now: Date,
): TokenHealth {
  const ends = [connection.refresh_token_expires_at, connection.refresh_token_hard_expires_at].filter(
    (d): d is Date => d !== null,
  );
  if (ends.length === 0) return 'ok';
  const first = Math.min(...ends.map((d) => d.getTime()));
  if (first <= now.getTime()) return 'expired';
  return first - now.getTime() <= EXPIRY_WARNING_MS ? 'reconnect_soon' : 'ok';
}
