import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type pg from 'pg';
import type { ProviderIdentity } from './auth/identities.js';
import type { Config } from './config.js';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    workspaceId: string;
    /** OAuth `state` values issued to this browser, by provider, with when they were issued (epoch ms). */
    oauthState: Record<string, { state: string; issuedAt: number; returnTo?: string }>;
    /** Language picked by the user for the pages ('en' | 'fr'). */
    locale: 'en' | 'fr';
    /** A message key of server/i18n, shown once on the next page in the reader's language. */
    flash: string;
    /** Placeholders for `flash`. */
    flashVars: Record<string, string>;
    /**
     * A provider identity whose verified email belongs to an existing account, waiting for that account's
     * password sign-in to be linked to it (server/auth/identities.ts). `at`: epoch ms.
     */
    pendingIdentity: ProviderIdentity & { at: number };
  }
}

const PgStore = connectPgSimple(session);

/**
 * Sessions live in Postgres (the `session` table from the core migration), so any number of web processes share
 * them. The cookie is HttpOnly and SameSite=Lax always, and Secure in production; behind a TLS-terminating proxy
 * that needs `trust proxy` (config.trustProxy) or the browser never gets the cookie (pitfall B30).
 */
export function sessionMiddleware(config: Config, pool: pg.Pool) {
  return session({
    name: 'dunwise.sid',
    secret: config.sessionSecret,
    store: new PgStore({
      pool,
      tableName: 'session',
      createTableIfMissing: false,
      pruneSessionInterval: 15 * 60,
    }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: config.trustProxy > 0,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.production,
      maxAge: 14 * 24 * 60 * 60 * 1000,
    },
  });
}
