import OAuthClient from 'intuit-oauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxWorld } from '../world.js';
import {
  api,
  buildCompany,
  queryPath,
  startSandbox,
  TEST_APPS,
  testWorld,
  type RunningSandbox,
} from './test-support.js';

const REDIRECT = 'http://localhost:3000/connect/quickbooks/callback';
const ACCOUNTING = 'com.intuit.quickbooks.accounting';

let world: SandboxWorld;
let sandbox: RunningSandbox;

// The id_token check inside intuit-oauth compares `exp` with the wall clock, so this world runs on it.
beforeAll(async () => {
  world = testWorld(Date.now);
  world.addCompany(buildCompany({ id: '4620816365', name: 'Fjord & Fell Ltd' }));
  world.addCompany(buildCompany({ id: '4620816366', name: 'Ōtautahi Plumbing' }));
  sandbox = await startSandbox(world);
  const intuit = `${sandbox.baseUrl}/intuit`;
  // Static URLs are how an app points intuit-oauth at another Intuit: setAuthorizeURLs plus jwks_uri.
  new OAuthClient({
    clientId: 'x',
    clientSecret: 'x',
    environment: 'sandbox',
    redirectUri: REDIRECT,
  }).setAuthorizeURLs({
    authorizeEndpoint: `${intuit}/connect/oauth2`,
    tokenEndpoint: `${intuit}/oauth2/v1/tokens/bearer`,
    revokeEndpoint: `${intuit}/oauth2/v1/tokens/revoke`,
    userInfoEndpoint: `${intuit}/v1/openid_connect/userinfo`,
  });
  OAuthClient.jwks_uri = `${intuit}/oauth2/v1/keys`;
});

afterAll(() => sandbox.close());

function client(): OAuthClient {
  return new OAuthClient({
    clientId: TEST_APPS.quickbooks.clientId,
    clientSecret: TEST_APPS.quickbooks.clientSecret,
    environment: 'sandbox',
    redirectUri: REDIRECT,
  });
}

/** Plays the user on the consent page: loads it, then submits the form for one company (or cancels). */
async function consent(authorizeUri: string, realmId: string | null): Promise<URL> {
  const page = await fetch(authorizeUri);
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(
      match[1]!,
      match[2]!
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'"),
    );
  }
  if (realmId) form.set('realmId', realmId);
  form.set('decision', realmId ? 'allow' : 'deny');
  const res = await fetch(authorizeUri.split('?')[0]!, { method: 'POST', body: form, redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

/** The token set from an SDK response, with the fields a successful exchange always carries. */
function issued<T extends { access_token?: string; refresh_token?: string }>(response: { getToken(): T }) {
  const token = response.getToken();
  return { ...token, access_token: token.access_token ?? '', refresh_token: token.refresh_token ?? '' };
}

async function errorOf(promise: Promise<unknown>): Promise<{ error?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { error?: string };
  }
  throw new Error('expected a rejection');
}

async function apiStatus(realmId: string, accessToken: string): Promise<number> {
  const res = await api(sandbox.baseUrl, realmId, accessToken)(queryPath('SELECT * FROM CompanyInfo'));
  return res.status;
}

describe('Intuit OAuth with the real intuit-oauth SDK', () => {
  it('shows the companies on the consent page and exchanges the code once', async () => {
    const oauth = client();
    const uri = oauth.authorizeUri({ scope: [ACCOUNTING], state: 'csrf-123' });
    const html = await (await fetch(uri)).text();
    expect(html).toContain('Fjord &amp; Fell Ltd');
    expect(html).toContain('Ōtautahi Plumbing');

    const callback = await consent(uri, '4620816366');
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe('csrf-123');
    expect(callback.searchParams.get('realmId')).toBe('4620816366');

    const response = await oauth.createToken(callback.toString());
    const token = issued(response);
    expect(token.realmId).toBe('4620816366');
    expect(token.expires_in).toBe(3600);
    expect(token.x_refresh_token_expires_in).toBe(100 * 86_400);
    expect(await apiStatus('4620816366', token.access_token)).toBe(200);
    // The token belongs to one realm only.
    expect(await apiStatus('4620816365', token.access_token)).toBe(403);

    // A replayed callback: invalid_grant, and what the code issued is revoked (Intuit's behaviour).
    const replay = await errorOf(client().createToken(callback.toString()));
    expect(replay.error).toBe('invalid_grant');
    expect(await apiStatus('4620816366', token.access_token)).toBe(401);
  });

  it('redirects with access_denied when the user cancels', async () => {
    const callback = await consent(client().authorizeUri({ scope: [ACCOUNTING], state: 's1' }), null);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('s1');
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('validates client_id, scope and response_type on the authorize request', async () => {
    const base = `${sandbox.baseUrl}/intuit/connect/oauth2`;
    const params = {
      client_id: 'qb-client',
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: ACCOUNTING,
      state: 's',
    };
    const badClient = await fetch(
      `${base}?${new URLSearchParams({ ...params, client_id: 'nope' }).toString()}`,
    );
    expect(badClient.status).toBe(400);
    const badRedirect = await fetch(
      `${base}?${new URLSearchParams({ ...params, redirect_uri: 'not a url' }).toString()}`,
    );
    expect(badRedirect.status).toBe(400);
    const badScope = await fetch(`${base}?${new URLSearchParams({ ...params, scope: 'root' }).toString()}`, {
      redirect: 'manual',
    });
    expect(new URL(badScope.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
    const badType = await fetch(
      `${base}?${new URLSearchParams({ ...params, response_type: 'token' }).toString()}`,
      {
        redirect: 'manual',
      },
    );
    expect(new URL(badType.headers.get('location')!).searchParams.get('error')).toBe(
      'unsupported_response_type',
    );
  });

  it('rotates refresh tokens: the previous one works only until the new one is used', async () => {
    const oauth = client();
    const callback = await consent(oauth.authorizeUri({ scope: [ACCOUNTING], state: 's' }), '4620816365');
    const first = issued(await oauth.createToken(callback.toString()));

    const second = issued(await client().refreshUsingToken(first.refresh_token));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(await apiStatus('4620816365', second.access_token)).toBe(200);

    // The new refresh token has not been used yet, so the old one still refreshes (a lost response is survivable).
    const again = issued(await client().refreshUsingToken(first.refresh_token));
    expect(again.refresh_token).not.toBe(second.refresh_token);

    const third = issued(await client().refreshUsingToken(second.refresh_token));
    expect(third.refresh_token).toBeTruthy();
    const stale = await errorOf(client().refreshUsingToken(first.refresh_token));
    expect(stale.error).toBe('invalid_grant');
  });

  it('reports the 5-year hard expiry when the client opts in', async () => {
    const oauth = client();
    const callback = await consent(oauth.authorizeUri({ scope: [ACCOUNTING], state: 's' }), '4620816365');
    const first = issued(await oauth.createToken(callback.toString()));
    const optIn = new OAuthClient({
      clientId: TEST_APPS.quickbooks.clientId,
      clientSecret: TEST_APPS.quickbooks.clientSecret,
      environment: 'sandbox',
      redirectUri: REDIRECT,
      includeRefreshTokenHardExpiresIn: true,
    });
    const refreshed = issued(await optIn.refreshUsingToken(first.refresh_token));
    expect(refreshed.x_refresh_token_hard_expires_in).toBeGreaterThan(5 * 365 * 86_400 - 60);
  });

  it('rejects a wrong client secret with invalid_client', async () => {
    const wrong = new OAuthClient({
      clientId: 'qb-client',
      clientSecret: 'bad',
      environment: 'sandbox',
      redirectUri: REDIRECT,
    });
    const failure = await errorOf(wrong.refreshUsingToken('AB11anything'));
    expect(failure.error).toBe('invalid_client');
  });

  it('revokes the whole grant', async () => {
    const oauth = client();
    const callback = await consent(oauth.authorizeUri({ scope: [ACCOUNTING], state: 's' }), '4620816365');
    const token = issued(await oauth.createToken(callback.toString()));
    await oauth.revoke({ refresh_token: token.refresh_token });
    expect(await apiStatus('4620816365', token.access_token)).toBe(401);
    const failure = await errorOf(client().refreshUsingToken(token.refresh_token));
    expect(failure.error).toBe('invalid_grant');
  });

  it('signs an id_token the SDK validates and serves userinfo for openid scopes', async () => {
    const oauth = client();
    const uri = oauth.authorizeUri({ scope: [ACCOUNTING, 'openid', 'email', 'profile'], state: 's' });
    const callback = await consent(uri, '4620816365');
    await oauth.createToken(callback.toString());
    expect(oauth.getToken().id_token).toBeTruthy();
    expect(await oauth.validateIdToken()).toBe(true);
    const payload = JSON.parse(
      Buffer.from(oauth.getToken().id_token.split('.')[1]!, 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({
      iss: 'https://oauth.platform.intuit.com/op/v1',
      aud: ['qb-client'],
      realmid: '4620816365',
    });
    const info = (await oauth.getUserInfo()).json as Record<string, unknown>;
    expect(info).toMatchObject({ sub: payload.sub, emailVerified: true, givenName: 'Sandra' });
  });

  it("treats a provider-side revocation (fault 'revoked') as 401 on the API and invalid_grant on refresh", async () => {
    const oauth = client();
    const callback = await consent(oauth.authorizeUri({ scope: [ACCOUNTING], state: 's' }), '4620816366');
    const token = issued(await oauth.createToken(callback.toString()));
    world.faults.push({ target: 'quickbooks', companyId: '4620816366', kind: 'revoked', remaining: 1 });
    expect(await apiStatus('4620816366', token.access_token)).toBe(401);
    const failure = await errorOf(client().refreshUsingToken(token.refresh_token));
    expect(failure.error).toBe('invalid_grant');
  });
});
