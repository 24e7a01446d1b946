import { createOAuthClient, type QuickBooksConfig } from '../../connectors/quickbooks/oauth.js';
import type { ProviderIdentity } from './identities.js';

/** "Sign in with Intuit" asks only who the person is: no access to any company's books. */
export const INTUIT_SIGNIN_SCOPES = ['openid', 'email', 'profile'];

/** The connector's intuit-oauth client, with the sign-in callback as its redirect URI. */
function client(config: QuickBooksConfig, redirectUri: string) {
  return createOAuthClient({ ...config, redirectUri });
}

export function intuitSignInUrl(config: QuickBooksConfig, redirectUri: string, state: string): string {
  return client(config, redirectUri).authorizeUri({ scope: INTUIT_SIGNIN_SCOPES, state });
}

/**
 * Exchanges the (state-checked, claimed) code, verifies the id_token with intuit-oauth (issuer, audience,
 * expiry, RS256 signature against Intuit's JWKS), then reads the userinfo with the same grant. The userinfo must
 * describe the same `sub` as the verified id_token; the email counts as verified only when Intuit says so.
 * intuit-oauth has no nonce support; the state, single use and bound to this browser's session, stands for it.
 */
export async function intuitIdentity(
  config: QuickBooksConfig,
  redirectUri: string,
  code: string,
  state: string,
): Promise<ProviderIdentity> {
  const oauth = client(config, redirectUri);
  await oauth.createToken(`${redirectUri}?${new URLSearchParams({ code, state }).toString()}`);
  if (!(await oauth.validateIdToken())) throw new Error('Intuit id_token did not verify');
  const idToken = String(oauth.getToken().id_token ?? '');
  const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    sub?: unknown;
  };
  const info = (await oauth.getUserInfo()).json as Record<string, unknown>;
  if (typeof claims.sub !== 'string' || !claims.sub || info['sub'] !== claims.sub) {
    throw new Error('Intuit userinfo does not match the id_token subject');
  }
  const text = (key: string) => (typeof info[key] === 'string' ? info[key].trim() : '');
  const name = [text('givenName'), text('familyName')].filter(Boolean).join(' ');
  return {
    provider: 'intuit',
    subject: claims.sub,
    email: text('email') || null,
    emailVerified: info['emailVerified'] === true,
    name: name || null,
  };
}
