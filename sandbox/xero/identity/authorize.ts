import { randomBytes, randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { issuerOf, xeroCompanies, type XeroContext } from '../context.js';
import { checkAuthorizeRequest } from './authorize-request.js';
import { consentPage, errorPage } from './consent-page.js';
import { needsTenant } from './scopes.js';
import { CODE_TTL_MS, SANDBOX_USER } from './store.js';

function stringParams(source: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source))
    if (typeof v === 'string' && k !== 'tenant' && k !== 'decision') out[k] = v;
  return out;
}

/** GET /connect/authorize: validate, then show the consent page. */
export function showConsent(ctx: XeroContext, req: Request, res: Response): void {
  const params = stringParams(req.query);
  const check = checkAuthorizeRequest(ctx.world, ctx.options, params);
  if (!check.ok) {
    if ('redirect' in check) return res.redirect(302, check.redirect);
    return void res.status(400).type('html').send(errorPage(check.show));
  }
  const action = `${issuerOf(req)}/connect/authorize`;
  res.type('html').send(consentPage(action, params, check.request, xeroCompanies(ctx.world), null));
}

/** POST /connect/authorize: the user's decision. Issues a one-time code bound to client, redirect URI and PKCE. */
export function submitConsent(ctx: XeroContext, req: Request, res: Response): void {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const params = stringParams(body);
  const check = checkAuthorizeRequest(ctx.world, ctx.options, params);
  if (!check.ok) {
    if ('redirect' in check) return res.redirect(302, check.redirect);
    return void res.status(400).type('html').send(errorPage(check.show));
  }
  const request = check.request;
  const back = new URL(request.redirectUri);
  if (request.state) back.searchParams.set('state', request.state);
  if (body.decision === 'deny') {
    back.searchParams.set('error', 'access_denied');
    return res.redirect(302, back.toString());
  }
  const picked = ([] as unknown[])
    .concat(body.tenant ?? [])
    .filter((t): t is string => typeof t === 'string');
  const tenants = xeroCompanies(ctx.world).filter((t) => picked.includes(t.id));
  if (needsTenant(request.scopes) && tenants.length === 0) {
    const page = consentPage(
      req.originalUrl,
      params,
      request,
      xeroCompanies(ctx.world),
      'Choose at least one organisation.',
    );
    return void res.status(400).type('html').send(page);
  }
  const now = ctx.world.now();
  const grant = ctx.store.grantFor(request.clientId, SANDBOX_USER.id, now);
  grant.authTime = now;
  grant.scopes = [...new Set([...grant.scopes, ...request.scopes])];
  const authEventId = randomUUID();
  ctx.store.connect(grant, tenants, authEventId, now);
  const code = randomBytes(32).toString('hex');
  ctx.store.codes.set(code, {
    code,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scopes: request.scopes,
    nonce: request.nonce,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
    grantId: grant.id,
    authEventId,
    expiresAt: now + CODE_TTL_MS,
    used: false,
  });
  // Xero's order: code, scope, state, session_state.
  const url = new URL(request.redirectUri);
  url.searchParams.set('code', code);
  url.searchParams.set('scope', request.scopes.join(' '));
  if (request.state) url.searchParams.set('state', request.state);
  url.searchParams.set('session_state', randomBytes(16).toString('base64url'));
  res.redirect(302, url.toString());
}
