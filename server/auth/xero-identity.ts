import { createXeroClient, type XeroConfig } from '../../connectors/xero/client.js';
import type { ProviderIdentity } from './identities.js';

/** "Sign in with Xero" asks only who the person is: no organisation is connected. */
export const XERO_SIGNIN_SCOPES = ['openid', 'profile', 'email'] as const;

/** The connector's xero-node client (and its openid-client), with the sign-in callback as redirect URI. */
function client(config: XeroConfig, redirectUri: string, state: string) {
  return createXeroClient({ ...config, redirectUri }, { state, scopes: XERO_SIGNIN_SCOPES });
}

export async function xeroSignInUrl(config: XeroConfig, redirectUri: string, state: string): Promise<string> {
  return (await client(config, redirectUri, state)).buildConsentUrl();
}

/**
 * Exchanges the (claimed) code through xero-node's apiCallback, where openid-client checks the state and the
 * id_token (signature against Xero's JWKS, issuer, audience, expiry, at_hash). xero-node sends no nonce, so none
 * is checked; the state, single use and bound to this browser's session, stands for it.
 *
 * Xero activates a login only after its owner follows the link mailed to that address, so a Xero login's email
 * is verified by construction; Xero's id_token has no `email_verified` claim, and one that says false is honoured.
 */
export async function xeroIdentity(
  config: XeroConfig,
  redirectUri: string,
  callbackQuery: URLSearchParams,
  state: string,
): Promise<ProviderIdentity> {
  const xero = await client(config, redirectUri, state);
  const tokenSet = await xero.apiCallback(`${redirectUri}?${callbackQuery.toString()}`);
  const claims = tokenSet.claims();
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const name =
    text(claims['name']) ||
    [text(claims['given_name']), text(claims['family_name'])].filter(Boolean).join(' ');
  return {
    provider: 'xero',
    subject: claims.sub,
    email: text(claims['email']) || null,
    emailVerified: claims['email_verified'] !== false,
    name: name || null,
  };
}
