import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { issuerOf, type XeroContext } from '../context.js';
import { authenticateClient } from './client-auth.js';
import { REFRESH_GRACE_MS, REFRESH_TTL_MS, type Grant } from './store.js';
import { ACCESS_TOKEN_TTL_S, signAccessToken, signIdToken } from './tokens.js';

function oauthError(res: Response, error: string, status = 400): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error });
}

/** POST /connect/token: authorization_code (each code once) and refresh_token (rotation with a 30-min grace). */
export async function tokenEndpoint(ctx: XeroContext, req: Request, res: Response): Promise<void> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const clientId = authenticateClient(ctx.world, req);
  if (!clientId) return oauthError(res, 'invalid_client');
  const now = ctx.world.now();
  switch (body.grant_type) {
    case 'authorization_code': {
      const code = typeof body.code === 'string' ? ctx.store.codes.get(body.code) : undefined;
      if (!code || code.used || code.expiresAt < now || code.clientId !== clientId)
        return oauthError(res, 'invalid_grant');
      if (body.redirect_uri !== code.redirectUri) return oauthError(res, 'invalid_grant');
      if (
        code.codeChallenge &&
        !pkceMatches(code.codeChallenge, code.codeChallengeMethod, body.code_verifier)
      )
        return oauthError(res, 'invalid_grant');
      code.used = true;
      const grant = ctx.store.grants.get(code.grantId);
      if (!grant || grant.revoked) return oauthError(res, 'invalid_grant');
      return sendTokens(ctx, req, res, grant, code.authEventId, code.scopes, code.nonce, now);
    }
    case 'refresh_token': {
      const record =
        typeof body.refresh_token === 'string' ? ctx.store.refreshTokens.get(body.refresh_token) : undefined;
      const grant = record && ctx.store.grants.get(record.grantId);
      if (!record || !grant || grant.revoked || grant.clientId !== clientId)
        return oauthError(res, 'invalid_grant');
      if (record.rotatedAt !== null && now - record.rotatedAt > REFRESH_GRACE_MS)
        return oauthError(res, 'invalid_grant');
      if (record.rotatedAt === null && now - record.issuedAt > REFRESH_TTL_MS)
        return oauthError(res, 'invalid_grant');
      record.rotatedAt ??= now;
      return sendTokens(ctx, req, res, grant, record.authEventId, record.scopes, null, now);
    }
    default:
      return oauthError(res, 'unsupported_grant_type');
  }
}

async function sendTokens(
  ctx: XeroContext,
  req: Request,
  res: Response,
  grant: Grant,
  authEventId: string,
  scopes: string[],
  nonce: string | null,
  now: number,
): Promise<void> {
  const issuer = issuerOf(req);
  const accessToken = await signAccessToken(ctx.keys, issuer, grant, authEventId, scopes, now);
  const tokens: Record<string, unknown> = {};
  if (scopes.includes('openid'))
    tokens.id_token = await signIdToken(
      ctx.keys,
      issuer,
      grant,
      accessToken,
      nonce,
      scopes,
      ctx.options.idTokenClock?.() ?? now,
    );
  tokens.access_token = accessToken;
  tokens.expires_in = ACCESS_TOKEN_TTL_S;
  tokens.token_type = 'Bearer';
  if (scopes.includes('offline_access'))
    tokens.refresh_token = ctx.store.issueRefreshToken(grant, authEventId, scopes, now);
  tokens.scope = scopes.join(' ');
  res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json(tokens);
}

function pkceMatches(challenge: string, method: string | null, verifier: unknown): boolean {
  if (typeof verifier !== 'string') return false;
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return computed === challenge;
}

/** POST /connect/revocation: revoking a refresh token ends the grant and removes all its connections. */
export function revocationEndpoint(ctx: XeroContext, req: Request, res: Response): void {
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (!authenticateClient(ctx.world, req)) return oauthError(res, 'invalid_client');
  const record = typeof body.token === 'string' ? ctx.store.refreshTokens.get(body.token) : undefined;
  const grant = record && ctx.store.grants.get(record.grantId);
  if (grant) ctx.store.revoke(grant);
  // RFC 7009: an unknown token is not an error.
  res.status(200).end();
}
