import express, { type Request, type Response, type Router } from 'express';
import { renderConsentPage, renderOAuthErrorPage, type AuthorizeParams } from './consent-page.js';
import { signIdToken, userInfo } from './id-token.js';
import {
  ACCESS_LIFETIME_S,
  authenticate,
  exchangeCode,
  issueCode,
  realmOfRefreshToken,
  refreshGrant,
  revokeRealm,
  revokeToken,
  type TokenOutcome,
} from './oauth-store.js';
import { takeRevokedFault, type QboState } from './state.js';

/** Scopes Intuit accepts on the authorize request (intuit-oauth's `OAuthClient.scopes`, subset). */
const KNOWN_SCOPES = new Set([
  'com.intuit.quickbooks.accounting',
  'com.intuit.quickbooks.payment',
  'openid',
  'profile',
  'email',
  'phone',
  'address',
]);

/**
 * Intuit OAuth 2.0 / OpenID Connect, mounted under `/intuit`:
 *   GET|POST /connect/oauth2            consent (authorize endpoint)
 *   POST     /oauth2/v1/tokens/bearer   code exchange and refresh
 *   POST     /oauth2/v1/tokens/revoke   (also /v2/oauth2/tokens/revoke, Intuit's real path)
 *   GET      /v1/openid_connect/userinfo
 *   GET      /oauth2/v1/keys            JWKS (also /op/v1/jwks)
 *   GET      /.well-known/openid_configuration
 */
export function createOAuthRouter(state: QboState): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false });
  const json = express.json();

  router.get('/connect/oauth2', (req, res) => authorize(state, req, res, readAuthorizeParams(req.query)));
  router.post('/connect/oauth2', form, (req, res) =>
    authorize(state, req, res, readAuthorizeParams((req.body ?? {}) as Record<string, unknown>)),
  );
  router.post('/oauth2/v1/tokens/bearer', form, json, (req, res) => token(state, req, res));
  router.post(['/oauth2/v1/tokens/revoke', '/v2/oauth2/tokens/revoke'], json, form, (req, res) =>
    revoke(state, req, res),
  );
  router.get('/v1/openid_connect/userinfo', (req, res) => userinfo(state, req, res));
  router.get(['/oauth2/v1/keys', '/op/v1/jwks'], async (_req, res) => {
    res.json((await state.signingKeys()).jwks);
  });
  router.get('/.well-known/openid_configuration', (req, res) => {
    const base = `${req.protocol}://${req.get('host')}${req.baseUrl}`;
    res.json({
      issuer: 'https://oauth.platform.intuit.com/op/v1',
      authorization_endpoint: `${base}/connect/oauth2`,
      token_endpoint: `${base}/oauth2/v1/tokens/bearer`,
      userinfo_endpoint: `${base}/v1/openid_connect/userinfo`,
      revocation_endpoint: `${base}/oauth2/v1/tokens/revoke`,
      jwks_uri: `${base}/oauth2/v1/keys`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: [...KNOWN_SCOPES],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    });
  });
  return router;
}

function readAuthorizeParams(source: Record<string, unknown>): AuthorizeParams {
  const text = (name: string): string => (typeof source[name] === 'string' ? source[name] : '');
  return {
    client_id: text('client_id'),
    redirect_uri: text('redirect_uri'),
    response_type: text('response_type'),
    scope: text('scope'),
    state: text('state'),
  };
}

function parseRedirectUri(text: string): URL | null {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.hash ? url : null;
  } catch {
    return null;
  }
}

function redirectWith(res: Response, redirectUri: URL, params: Record<string, string>): void {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value) target.searchParams.set(name, value);
  res.redirect(302, target.toString());
}

function authorize(state: QboState, req: Request, res: Response, params: AuthorizeParams): void {
  const app = state.world.apps.quickbooks;
  // Bad client or redirect URI: Intuit shows an error page and never redirects (an open-redirect guard).
  if (params.client_id !== app.clientId) {
    res.status(400).type('html').send(renderOAuthErrorPage('The client_id is invalid.'));
    return;
  }
  const redirectUri = parseRedirectUri(params.redirect_uri);
  if (!redirectUri) {
    res
      .status(400)
      .type('html')
      .send(renderOAuthErrorPage('The redirect_uri query parameter value is invalid.'));
    return;
  }
  if (params.response_type !== 'code') {
    redirectWith(res, redirectUri, { error: 'unsupported_response_type', state: params.state });
    return;
  }
  const scopes = params.scope.split(/\s+/).filter(Boolean);
  if (scopes.length === 0 || scopes.some((scope) => !KNOWN_SCOPES.has(scope))) {
    redirectWith(res, redirectUri, { error: 'invalid_scope', state: params.state });
    return;
  }
  const companies = [...state.world.companies.values()].filter((c) => c.provider === 'quickbooks');
  const body = (req.method === 'POST' ? req.body : {}) as Record<string, unknown>;
  if (req.method === 'GET' || (body.decision !== 'allow' && body.decision !== 'deny')) {
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(renderConsentPage(params, companies, 'Dunwise'));
    return;
  }
  if (body.decision === 'deny') {
    redirectWith(res, redirectUri, { error: 'access_denied', state: params.state });
    return;
  }
  const realmId = typeof body.realmId === 'string' ? body.realmId : '';
  if (!companies.some((c) => c.id === realmId)) {
    res.status(400).type('html').send(renderOAuthErrorPage('Choose a company to connect.'));
    return;
  }
  const code = issueCode(state.oauth, {
    realmId,
    clientId: app.clientId,
    redirectUri: params.redirect_uri,
    scopes,
    now: state.world.now(),
  });
  redirectWith(res, redirectUri, { code, state: params.state, realmId });
}

/** HTTP Basic client authentication (also accepts client_id/client_secret in the form, as Intuit does). */
function clientFrom(req: Request): { id: string; secret: string } | null {
  const header = req.get('authorization') ?? '';
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (match) {
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (typeof body.client_id === 'string' && typeof body.client_secret === 'string') {
    return { id: body.client_id, secret: body.client_secret };
  }
  return null;
}

function authenticatedClient(state: QboState, req: Request, res: Response): boolean {
  const client = clientFrom(req);
  const app = state.world.apps.quickbooks;
  if (!client || client.id !== app.clientId || client.secret !== app.clientSecret) {
    res.status(401).json({ error: 'invalid_client' });
    return false;
  }
  return true;
}

async function token(state: QboState, req: Request, res: Response): Promise<void> {
  res.set('Cache-Control', 'no-store');
  if (!authenticatedClient(state, req, res)) return;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const field = (name: string): string => (typeof body[name] === 'string' ? body[name] : '');
  const now = state.world.now();
  const clientId = state.world.apps.quickbooks.clientId;

  let outcome: TokenOutcome;
  if (field('grant_type') === 'authorization_code') {
    if (!field('code') || !field('redirect_uri')) {
      res.status(400).json({ error: 'invalid_request' });
      return;
    }
    outcome = exchangeCode(state.oauth, {
      code: field('code'),
      clientId,
      redirectUri: field('redirect_uri'),
      now,
    });
  } else if (field('grant_type') === 'refresh_token') {
    const realmId = realmOfRefreshToken(state.oauth, field('refresh_token'));
    if (realmId && takeRevokedFault(state.world, realmId)) revokeRealm(state.oauth, realmId);
    outcome = refreshGrant(state.oauth, { refreshToken: field('refresh_token'), clientId, now });
  } else {
    res.status(400).json({ error: 'unsupported_grant_type' });
    return;
  }
  if (!outcome.ok) {
    res.status(400).json({ error: outcome.error });
    return;
  }
  const { tokens } = outcome;
  const reply: Record<string, unknown> = {
    token_type: 'bearer',
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    expires_in: ACCESS_LIFETIME_S,
    x_refresh_token_expires_in: tokens.refreshExpiresIn,
  };
  if (req.get('x-include-refresh-token-hard-expires-in') === 'true') {
    reply.x_refresh_token_hard_expires_in = tokens.hardExpiresIn;
  }
  if (field('grant_type') === 'authorization_code' && tokens.grant.scopes.includes('openid')) {
    reply.id_token = await signIdToken(await state.signingKeys(), {
      clientId,
      realmId: tokens.grant.realmId,
      now,
    });
  }
  res.json(reply);
}

function revoke(state: QboState, req: Request, res: Response): void {
  if (!authenticatedClient(state, req, res)) return;
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (typeof body.token !== 'string' || !body.token) {
    res.status(400).json({ error: 'invalid_request' });
    return;
  }
  // Unknown tokens are accepted silently (RFC 7009): revoking is idempotent.
  revokeToken(state.oauth, body.token);
  res.status(200).end();
}

function userinfo(state: QboState, req: Request, res: Response): void {
  const match = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
  const grant = match ? authenticate(state.oauth, match[1]!.trim(), state.world.now()) : null;
  if (!grant) {
    res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').json({ error: 'invalid_token' });
    return;
  }
  if (!grant.scopes.includes('openid')) {
    res.status(403).json({ error: 'insufficient_scope' });
    return;
  }
  res.json(userInfo(grant.scopes));
}
