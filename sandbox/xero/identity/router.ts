import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { issuerOf, type XeroContext } from '../context.js';
import { showConsent, submitConsent } from './authorize.js';
import { discoveryDocument } from './discovery.js';
import { SANDBOX_USER } from './store.js';
import { revocationEndpoint, tokenEndpoint } from './token-endpoint.js';
import { verifyAccessToken } from './tokens.js';

/** Xero's identity server (identity.xero.com + login.xero.com), mounted under /xero/identity. */
export function identityRouter(ctx: XeroContext): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '100kb' });
  router.get('/.well-known/openid-configuration', (req, res) => {
    res.json(discoveryDocument(issuerOf(req)));
  });
  router.get('/.well-known/openid-configuration/jwks', async (_req, res) => {
    res.json(await ctx.keys.jwks);
  });
  router.get('/connect/authorize', (req, res) => showConsent(ctx, req, res));
  router.post('/connect/authorize', form, (req, res) => submitConsent(ctx, req, res));
  router
    .route('/connect/token')
    .post(form, (req, res) => tokenEndpoint(ctx, req, res))
    .all(wrongMethod);
  router
    .route('/connect/revocation')
    .post(form, (req, res) => revocationEndpoint(ctx, req, res))
    .all(wrongMethod);
  router.get('/connect/userinfo', async (req, res) => {
    const token = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const check = token ? await verifyAccessToken(ctx.keys, token, ctx.world.now()) : null;
    if (!check?.ok) return void res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').end();
    res.json({
      sub: check.claims.sub,
      xero_userid: SANDBOX_USER.id,
      preferred_username: SANDBOX_USER.email,
      email: SANDBOX_USER.email,
      given_name: SANDBOX_USER.givenName,
      family_name: SANDBOX_USER.familyName,
      name: `${SANDBOX_USER.givenName} ${SANDBOX_USER.familyName}`,
    });
  });
  router.use(identityErrorHandler);
  return router;
}

function wrongMethod(_req: Request, res: Response): void {
  res.status(405).set('Allow', 'POST').json({ error: 'invalid_request' });
}

/** A malformed form body is the client's error; nothing ever answers with a stack trace. */
function identityErrorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (res.headersSent) return;
  const status = (error as { status?: number } | null)?.status;
  if (status !== undefined && status >= 400 && status < 500)
    return void res.status(400).json({ error: 'invalid_request' });
  res.status(500).json({ error: 'server_error' });
}
