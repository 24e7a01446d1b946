import type { SandboxWorld } from '../../world.js';
import type { XeroSandboxOptions } from '../options.js';
import { parseScopes, unknownScopes } from './scopes.js';

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
}

/**
 * Checks an authorize request the way Xero does: a bad client or redirect URI is shown to the user (never
 * redirected, as that would make the server an open redirector); other problems go back to the app as
 * `?error=…` on its redirect URI.
 */
export type AuthorizeCheck =
  { ok: true; request: AuthorizeRequest } | { ok: false; show: string } | { ok: false; redirect: string };

export function checkAuthorizeRequest(
  world: SandboxWorld,
  options: XeroSandboxOptions,
  params: Record<string, unknown>,
): AuthorizeCheck {
  const text = (name: string): string | null => (typeof params[name] === 'string' ? params[name] : null);
  const clientId = text('client_id');
  if (!clientId || clientId !== world.apps.xero.clientId) return { ok: false, show: 'unauthorized_client' };
  const redirectUri = text('redirect_uri');
  if (!redirectUri || !isAllowedRedirect(redirectUri, options.redirectUris))
    return { ok: false, show: 'invalid_request: Invalid redirect_uri' };
  const state = text('state');
  const back = (error: string, description?: string): AuthorizeCheck => {
    const url = new URL(redirectUri);
    url.searchParams.set('error', error);
    if (description) url.searchParams.set('error_description', description);
    if (state) url.searchParams.set('state', state);
    return { ok: false, redirect: url.toString() };
  };
  if (text('response_type') !== 'code') return back('unsupported_response_type');
  const scopes = parseScopes(text('scope') ?? undefined);
  if (scopes.length === 0) return back('invalid_scope', 'No scope requested');
  const unknown = unknownScopes(scopes);
  if (unknown.length > 0) return back('invalid_scope', `Invalid scope for client: ${unknown.join(' ')}`);
  const codeChallenge = text('code_challenge');
  const codeChallengeMethod = codeChallenge ? (text('code_challenge_method') ?? 'plain') : null;
  if (codeChallengeMethod && codeChallengeMethod !== 'plain' && codeChallengeMethod !== 'S256')
    return back('invalid_request', 'Transform algorithm not supported');
  return {
    ok: true,
    request: {
      clientId,
      redirectUri,
      scopes,
      state,
      nonce: text('nonce'),
      codeChallenge,
      codeChallengeMethod,
    },
  };
}

function isAllowedRedirect(uri: string, registered: string[]): boolean {
  if (registered.length > 0) return registered.includes(uri);
  try {
    const url = new URL(uri);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hash === '';
  } catch {
    return false;
  }
}
