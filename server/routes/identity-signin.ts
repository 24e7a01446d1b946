import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { claimCode } from '../auth/claim-code.js';
import { signInWithIdentity, type ProviderIdentity } from '../auth/identities.js';
import { intuitIdentity, intuitSignInUrl } from '../auth/intuit-identity.js';
import { signIn } from '../auth/session-sign-in.js';
import { xeroIdentity, xeroSignInUrl } from '../auth/xero-identity.js';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import { pickLocale, t } from '../i18n/index.js';
import type { Logger } from '../log.js';

/** A sign-in left open at the provider longer than this must start again; so does an offer to link. */
export const STATE_TTL_MS = 15 * 60_000;

type IdentityProvider = 'intuit' | 'xero';
const PROVIDER_NAME: Record<IdentityProvider, string> = { intuit: 'Intuit', xero: 'Xero' };

export interface IdentitySignInDeps {
  db: Db;
  config: Pick<Config, 'appUrl' | 'quickbooks' | 'xero'>;
  log: Logger;
}

/** The "Sign in with …" buttons the sign-in and sign-up pages show: one per configured provider. */
export function identityButtons(config: IdentitySignInDeps['config']) {
  return [
    ...(config.quickbooks
      ? [{ provider: 'intuit', href: '/signin/intuit', label: 'signin.withIntuit' }]
      : []),
    ...(config.xero ? [{ provider: 'xero', href: '/signin/xero', label: 'signin.withXero' }] : []),
  ];
}

/**
 * "Sign in with Intuit" and "Sign in with Xero": OpenID Connect through the connectors' own SDK clients, with
 * their own callback URLs (/signin/<provider>/callback, to register with each provider next to the connect one).
 * The state is random, bound to the session and single use; the code is claimed once before it is exchanged.
 * Who the person is comes only from a verified id_token (server/auth/*-identity.ts); what that means for
 * accounts is server/auth/identities.ts. The session id is regenerated at sign-in.
 */
export function identitySignInRoutes(deps: IdentitySignInDeps): Router {
  const router = Router();
  const log = deps.log.child({ module: 'identity-signin' });
  const { quickbooks, xero } = deps.config;
  const redirectUri = (provider: IdentityProvider) => `${deps.config.appUrl}/signin/${provider}/callback`;

  const start = (provider: IdentityProvider, consentUrl: (state: string) => Promise<string>) =>
    async function startSignIn(req: Request, res: Response) {
      const state = randomBytes(24).toString('base64url');
      req.session.oauthState = {
        ...req.session.oauthState,
        [stateKey(provider)]: { state, issuedAt: Date.now() },
      };
      const url = await consentUrl(state);
      await new Promise<void>((resolve, reject) =>
        req.session.save((error) => (error ? reject(error as Error) : resolve())),
      );
      res.redirect(302, url);
    };

  const callback = (
    provider: IdentityProvider,
    identify: (query: URLSearchParams, state: string) => Promise<ProviderIdentity>,
  ) =>
    async function finishSignIn(req: Request, res: Response) {
      const locale = pickLocale(req);
      const vars = { provider: PROVIDER_NAME[provider] };
      const refuse = (status: number, key: string) =>
        res.status(status).render('signin', { error: t(locale, key, vars), email: '' });
      const query = new URL(req.originalUrl, 'http://callback').searchParams;
      const issued = req.session.oauthState?.[stateKey(provider)];
      // The state is spent before anything else, whatever the outcome: a replayed callback finds none.
      if (req.session.oauthState) delete req.session.oauthState[stateKey(provider)];
      const state = query.get('state') ?? '';
      if (!issued || !sameState(issued.state, state) || Date.now() - issued.issuedAt > STATE_TTL_MS) {
        log.warn({ provider }, 'sign-in callback with a missing, forged or expired state refused');
        return refuse(400, 'signin.identityInvalid');
      }
      if (query.get('error')) return refuse(400, 'signin.identityCancelled');
      const code = query.get('code');
      if (!code || !(await claimCode(deps.db, `${provider}-signin`, code))) {
        log.warn({ provider }, 'sign-in callback without a code, or with one already used, refused');
        return refuse(400, 'signin.identityInvalid');
      }
      let identity: ProviderIdentity;
      try {
        identity = await identify(query, state);
      } catch (error) {
        log.warn({ provider, err: error }, 'sign-in: the provider did not confirm the identity');
        return refuse(400, 'signin.identityFailed');
      }
      const result = await signInWithIdentity(deps.db, identity, new Date());
      if (!result.ok && result.reason === 'link_required') {
        // Offered, not done: the password sign-in on this page links it (routes/auth.ts).
        req.session.pendingIdentity = { ...identity, at: Date.now() };
        return res.render('signin', {
          notice: t(locale, 'signin.identity.link_required', { ...vars, email: identity.email ?? '' }),
          email: identity.email ?? '',
        });
      }
      if (!result.ok) {
        log.info({ provider, reason: result.reason }, 'sign-in with a provider identity refused');
        return refuse(403, `signin.identity.${result.reason}`);
      }
      log.info({ provider, userId: result.user.userId, outcome: result.outcome }, 'signed in with provider');
      await signIn(req, result.user);
      res.redirect(303, '/');
    };

  if (quickbooks) {
    router.get(
      '/signin/intuit',
      start('intuit', (state) => Promise.resolve(intuitSignInUrl(quickbooks, redirectUri('intuit'), state))),
    );
    router.get(
      '/signin/intuit/callback',
      callback('intuit', (query, state) =>
        intuitIdentity(quickbooks, redirectUri('intuit'), query.get('code') ?? '', state),
      ),
    );
  }
  if (xero) {
    router.get(
      '/signin/xero',
      start('xero', (state) => xeroSignInUrl(xero, redirectUri('xero'), state)),
    );
    router.get(
      '/signin/xero/callback',
      callback('xero', (query, state) => xeroIdentity(xero, redirectUri('xero'), query, state)),
    );
  }
  return router;
}

function stateKey(provider: IdentityProvider): string {
  return `signin:${provider}`;
}

function sameState(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}
