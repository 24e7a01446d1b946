import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Db } from '../db/connect.js';
import { postgresRateLimitStore } from '../db/rate-limits.js';
import { t, pickLocale } from '../i18n/index.js';

/**
 * 10 sign-in attempts per 15 minutes per client address and email (so one address cannot lock everyone out of
 * an account, and one attacker cannot spray one account). Counted in Postgres, shared by every web process.
 */
export function signInLimiter(db: Db): RequestHandler {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit: 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: postgresRateLimitStore(db, 'signin:'),
    keyGenerator: (req) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const email = typeof body['email'] === 'string' ? body['email'].trim().toLowerCase().slice(0, 320) : '';
      return `${ipKeyGenerator(req.ip ?? '')}|${email}`;
    },
    handler: (req, res) => {
      res.status(429).render('signin', { error: t(pickLocale(req), 'signin.tooMany'), email: '' });
    },
  });
}
