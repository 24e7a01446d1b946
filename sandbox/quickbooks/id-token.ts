import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/**
 * Sign in with Intuit: the id_token and the JWKS that verifies it. intuit-oauth's `validateIdToken`
 * insists on Intuit's issuer string and an `aud` array, then verifies RS256 against the key whose `kid`
 * matches, so those are reproduced exactly.
 */
export const INTUIT_ISSUER = 'https://oauth.platform.intuit.com/op/v1';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface SigningKeys {
  kid: string;
  privateKey: PrivateKey;
  jwks: { keys: JWK[] };
}

export async function createSigningKeys(): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = createHash('sha256')
    .update(jwk.n ?? '')
    .digest('base64url')
    .slice(0, 20);
  return { kid, privateKey, jwks: { keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256' }] } };
}

/** The one person who signs in to the sandbox (the consent page shows them). */
export const SANDBOX_USER = {
  sub: createHash('sha256')
    .update('dunwise-sandbox-intuit-user')
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5'),
  email: 'owner@sandbox-books.example',
  givenName: 'Sandra',
  familyName: 'Box',
  phoneNumber: '+1 4155550100',
};

export async function signIdToken(
  keys: SigningKeys,
  claims: { clientId: string; realmId: string; now: number },
): Promise<string> {
  const iat = Math.floor(claims.now / 1000);
  return new SignJWT({ realmid: claims.realmId, auth_time: iat })
    .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
    .setIssuer(INTUIT_ISSUER)
    .setSubject(SANDBOX_USER.sub)
    .setAudience([claims.clientId])
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(keys.privateKey);
}

/** The userinfo claims Intuit returns, limited to what the granted scopes allow. */
export function userInfo(scopes: string[]): Record<string, unknown> {
  const info: Record<string, unknown> = { sub: SANDBOX_USER.sub };
  if (scopes.includes('email')) Object.assign(info, { email: SANDBOX_USER.email, emailVerified: true });
  if (scopes.includes('profile')) {
    Object.assign(info, { givenName: SANDBOX_USER.givenName, familyName: SANDBOX_USER.familyName });
  }
  if (scopes.includes('phone')) {
    Object.assign(info, { phoneNumber: SANDBOX_USER.phoneNumber, phoneNumberVerified: false });
  }
  if (scopes.includes('address')) {
    Object.assign(info, {
      address: {
        streetAddress: '1 Market St',
        locality: 'San Francisco',
        region: 'CA',
        postalCode: '94105',
        country: 'US',
      },
    });
  }
  return info;
}
