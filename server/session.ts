import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
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
export function sessionMiddleware(config: Config, pool: pg.Pool): RequestHandler[] {
  const sessions = session({
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
  return [sessions, saveBeforeRedirect];
}

/**
 * express-session stores a changed session when the response ends, but sends the status line and headers before
 * the write is done; a browser follows a redirect as soon as it has the headers, so the next page could read the
 * session before the flash (or anything else set with the redirect) is stored, and show none. Redirects wait for
 * the session write. An empty visitor session is not written (no session row for every redirect to /signin).
 */
function saveBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = (...args: unknown[]) => {
    // Undefined after a sign-out destroyed it.
    const current: typeof req.session | undefined = req.session;
    if (!current || Object.keys(current).every((key) => key === 'cookie')) return redirect(...args);
    // A failed write goes to the error page of the route that redirected, as any other failure there.
    current.save((error) => (error && req.next ? req.next(error) : redirect(...args)));
  };
  next();
}
