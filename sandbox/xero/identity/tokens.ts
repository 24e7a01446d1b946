import { createHash, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { SigningKeys } from './keys.js';
import { SANDBOX_USER, type Grant } from './store.js';

export const ACCESS_TOKEN_TTL_S = 30 * 60;
const ID_TOKEN_TTL_S = 5 * 60;

export interface AccessClaims extends JWTPayload {
  client_id: string;
  sid: string;
  authentication_event_id: string;
  scope: string[];
}

/** A Xero-like access token: an RS256 JWT of 30 minutes carrying the grant's session and auth event. */
export async function signAccessToken(
  keys: SigningKeys,
  issuer: string,
  grant: Grant,
  authEventId: string,
  scopes: string[],
  now: number,
): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({
    client_id: grant.clientId,
    auth_time: Math.floor(grant.authTime / 1000),
    xero_userid: SANDBOX_USER.id,
    global_session_id: grant.id.replace(/-/g, ''),
    sid: grant.id,
    authentication_event_id: authEventId,
    scope: scopes,
  } satisfies Omit<AccessClaims, 'sub'> & Record<string, unknown>)
    .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(`${issuer}/resources`)
    .setSubject(SANDBOX_USER.id.replace(/-/g, ''))
    .setNotBefore(iat)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_S)
    .setJti(randomUUID().replace(/-/g, '').toUpperCase())
    .sign(keys.privateKey);
}

/**
 * The OpenID id_token that openid-client validates in xero-node's apiCallback: iss, aud = client id, exp, iat,
 * sub, nonce when the authorize request sent one, and at_hash bound to the access token.
 */
export async function signIdToken(
  keys: SigningKeys,
  issuer: string,
  grant: Grant,
  accessToken: string,
  nonce: string | null,
  scopes: string[],
  now: number,
): Promise<string> {
  const iat = Math.floor(now / 1000);
  const digest = createHash('sha256').update(accessToken).digest();
  const claims: Record<string, unknown> = {
    auth_time: Math.floor(grant.authTime / 1000),
    xero_userid: SANDBOX_USER.id,
    global_session_id: grant.id.replace(/-/g, ''),
    sid: grant.id,
    at_hash: digest.subarray(0, 16).toString('base64url'),
  };
  if (nonce) claims.nonce = nonce;
  if (scopes.includes('email')) {
    claims.email = SANDBOX_USER.email;
    claims.preferred_username = SANDBOX_USER.email;
  }
  if (scopes.includes('profile')) {
    claims.given_name = SANDBOX_USER.givenName;
    claims.family_name = SANDBOX_USER.familyName;
    claims.name = `${SANDBOX_USER.givenName} ${SANDBOX_USER.familyName}`;
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(grant.clientId)
    .setSubject(SANDBOX_USER.id.replace(/-/g, ''))
    .setNotBefore(iat)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ID_TOKEN_TTL_S)
    .sign(keys.privateKey);
}

export type AccessCheck =
  | { ok: true; claims: AccessClaims }
  | { ok: false; reason: 'expired'; expiredAt: number }
  | { ok: false; reason: 'invalid' };

/** Checks signature and lifetime against the sandbox clock (advancing it expires tokens, as time would). */
export async function verifyAccessToken(keys: SigningKeys, token: string, now: number): Promise<AccessCheck> {
  try {
    const { payload } = await jwtVerify<AccessClaims>(token, keys.publicKey, {
      algorithms: ['RS256'],
      currentDate: new Date(now),
    });
    if (typeof payload.sid !== 'string' || !Array.isArray(payload.scope))
      return { ok: false, reason: 'invalid' };
    return { ok: true, claims: payload };
  } catch (error) {
    if (error instanceof errors.JWTExpired && typeof error.payload.exp === 'number') {
      return { ok: false, reason: 'expired', expiredAt: error.payload.exp * 1000 };
    }
    return { ok: false, reason: 'invalid' };
  }
}
