import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxWorld } from '../world.js';
import { kowhaiCafe, thamesTraders } from './testing/company.js';
import { startXeroSandbox, type RunningSandbox } from './testing/server.js';
import { XERO_APP, testWorld } from './testing/world.js';
import {
  connect,
  consent,
  REDIRECT_URI,
  routeXeroHostsTo,
  sandboxXeroClient,
} from './testing/xero-client.js';

const KOWHAI = kowhaiCafe();
const THAMES = thamesTraders();

let world: SandboxWorld;
let sandbox: RunningSandbox;
let unroute: () => void;

beforeEach(async () => {
  world = testWorld([kowhaiCafe(), thamesTraders()]);
  sandbox = await startXeroSandbox(world);
  unroute = routeXeroHostsTo(sandbox);
});

afterEach(async () => {
  unroute();
  await sandbox.close();
});

async function tokenRequest(
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.issuer}/connect/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${XERO_APP.clientId}:${XERO_APP.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Xero identity with the real xero-node and openid-client', () => {
  it('announces an issuer built from the request host', async () => {
    const doc = (await (await fetch(`${sandbox.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    expect(doc.issuer).toBe(sandbox.issuer);
    expect(doc.jwks_uri).toBe(`${sandbox.issuer}/.well-known/openid-configuration/jwks`);
    expect(doc.token_endpoint).toBe(`${sandbox.issuer}/connect/token`);
  });

  it('connects two organisations: consent, apiCallback (id_token validated), updateTenants', async () => {
    const xero = await sandboxXeroClient(sandbox);
    const url = new URL(await xero.buildConsentUrl());
    expect(url.origin + url.pathname).toBe(`${sandbox.issuer}/connect/authorize`);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);

    const page = await (await fetch(url)).text();
    expect(page).toContain('Kowhai Cafe Ltd');
    expect(page).toContain('Thames Traders Ltd');

    const callback = await consent(url.toString(), [KOWHAI.id, THAMES.id]);
    expect(new URL(callback).searchParams.get('state')).toBe('state-123');
    const tokenSet = await xero.apiCallback(callback);
    expect(tokenSet.expires_in).toBe(1800);
    expect(tokenSet.refresh_token).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenSet.claims()).toMatchObject({
      iss: sandbox.issuer,
      aud: XERO_APP.clientId,
      email: 'owner@dunwise.example',
    });
    const access = decodeJwt(tokenSet.access_token!);
    expect(access.exp! - access.iat!).toBe(1800);

    const tenants = (await xero.updateTenants(false)) as Record<string, string>[];
    expect(tenants.map((t) => t.tenantId).sort()).toEqual([KOWHAI.id, THAMES.id].sort());
    for (const t of tenants) {
      expect(t).toMatchObject({ tenantType: 'ORGANISATION', authEventId: access.authentication_event_id });
      expect(Object.keys(t).sort()).toEqual(
        [
          'authEventId',
          'createdDateUtc',
          'id',
          'tenantId',
          'tenantName',
          'tenantType',
          'updatedDateUtc',
        ].sort(),
      );
    }

    const withOrgs = (await xero.updateTenants(true)) as {
      tenantId: string;
      orgData: { timezone: string };
    }[];
    const kowhai = withOrgs.find((t) => t.tenantId === KOWHAI.id)!;
    expect(String(kowhai.orgData.timezone)).toBe('NEWZEALANDSTANDARDTIME');
  });

  it('validates the nonce when the app sends one', async () => {
    const xero = await sandboxXeroClient(sandbox);
    const url = xero.openIdClient.authorizationUrl({
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile email',
      state: 's1',
      nonce: 'n-0S6_WzA2Mj',
    });
    const callback = await consent(url, []);
    const params = xero.openIdClient.callbackParams(callback);
    const tokens = await xero.openIdClient.callback(REDIRECT_URI, params, {
      state: 's1',
      nonce: 'n-0S6_WzA2Mj',
    });
    expect(tokens.claims().nonce).toBe('n-0S6_WzA2Mj');
    await expect(
      xero.openIdClient.callback(REDIRECT_URI, params, { state: 's1', nonce: 'other' }),
    ).rejects.toThrow(/invalid_grant|nonce mismatch/);
  });

  it('rotates refresh tokens; the previous one works for 30 minutes, then invalid_grant', async () => {
    const xero = await sandboxXeroClient(sandbox);
    await connect(xero, [KOWHAI.id]);
    const first = xero.readTokenSet().refresh_token!;

    const second = await xero.refreshToken();
    expect(second.refresh_token).not.toBe(first);
    expect(second.claims().sub).toBeTruthy();

    world.advanceClock(29 * 60 * 1000);
    const retried = await xero.refreshWithRefreshToken(XERO_APP.clientId, XERO_APP.clientSecret, first);
    expect(retried.access_token).toBeTruthy();

    world.advanceClock(2 * 60 * 1000);
    const late = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first });
    expect(late).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    const latest = await tokenRequest({ grant_type: 'refresh_token', refresh_token: retried.refresh_token! });
    expect(latest.status).toBe(200);
  });

  it('kills a refresh token left unused for 60 days', async () => {
    const xero = await sandboxXeroClient(sandbox);
    await connect(xero, [KOWHAI.id]);
    world.advanceClock(61 * 24 * 3600 * 1000);
    const stale = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: xero.readTokenSet().refresh_token!,
    });
    expect(stale).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('with idTokenClock, openid-client accepts refreshed id_tokens after the sandbox clock moved on', async () => {
    const other = await startXeroSandbox(world, { idTokenClock: Date.now });
    try {
      const xero = await sandboxXeroClient(other);
      await connect(xero, [KOWHAI.id]);
      world.advanceClock(3 * 24 * 3600 * 1000);
      const refreshed = await xero.openIdClient.refresh(xero.readTokenSet());
      expect(refreshed.claims().aud).toBe(XERO_APP.clientId);
      const access = decodeJwt(refreshed.access_token!);
      // The access token lives on the sandbox clock, so it expires in sandbox time.
      expect(access.iat! * 1000).toBeGreaterThan(Date.now() + 2 * 24 * 3600 * 1000);
    } finally {
      await other.close();
    }
  });

  it('accepts each authorization code once', async () => {
    const xero = await sandboxXeroClient(sandbox);
    const callback = await consent(await xero.buildConsentUrl(), [KOWHAI.id]);
    const code = new URL(callback).searchParams.get('code')!;
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI };
    expect((await tokenRequest(form)).status).toBe(200);
    expect(await tokenRequest(form)).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a wrong client secret, redirect URI mismatch and unknown grant types', async () => {
    const xero = await sandboxXeroClient(sandbox);
    const callback = await consent(await xero.buildConsentUrl(), [KOWHAI.id]);
    const code = new URL(callback).searchParams.get('code')!;
    const bad = await fetch(`${sandbox.issuer}/connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: XERO_APP.clientId,
        client_secret: 'nope',
      }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid_client' });
    expect(
      await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: 'http://evil.example/cb' }),
    ).toEqual({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect((await tokenRequest({ grant_type: 'password' })).body).toEqual({
      error: 'unsupported_grant_type',
    });
  });

  it('validates client_id, redirect_uri and scopes on the authorize endpoint', async () => {
    const base = `${sandbox.issuer}/connect/authorize`;
    const query = (params: Record<string, string>) => {
      const search = new URLSearchParams({
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        client_id: XERO_APP.clientId,
        scope: 'openid',
        ...params,
      });
      return fetch(`${base}?${search.toString()}`, { redirect: 'manual' });
    };
    const unknownClient = await query({ client_id: 'someone-else' });
    expect(unknownClient.status).toBe(400);
    expect(await unknownClient.text()).toContain('unauthorized_client');
    expect((await query({ redirect_uri: 'not a url' })).status).toBe(400);
    const badScope = await query({ scope: 'openid accounting.everything', state: 'xyz' });
    expect(badScope.status).toBe(302);
    const location = new URL(badScope.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_scope');
    expect(location.searchParams.get('state')).toBe('xyz');
  });

  it('answers a wrong method or a malformed body at the token endpoint without a stack trace', async () => {
    const get = await fetch(`${sandbox.issuer}/connect/token`);
    expect(get.status).toBe(405);
    expect(await get.json()).toEqual({ error: 'invalid_request' });
    const huge = await fetch(`${sandbox.issuer}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `code=${'x'.repeat(200_000)}`,
    });
    expect(huge.status).toBe(400);
    expect(await huge.json()).toEqual({ error: 'invalid_request' });
  });

  it('redirects with access_denied when the user cancels', async () => {
    const xero = await sandboxXeroClient(sandbox);
    const callback = await consent(await xero.buildConsentUrl(), [], 'deny');
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
  });

  it('disconnect(connection id) removes one organisation; revoke ends the grant', async () => {
    const xero = await sandboxXeroClient(sandbox);
    await connect(xero, [KOWHAI.id, THAMES.id]);
    const tenants = (await xero.updateTenants(false)) as { id: string; tenantId: string }[];
    const thames = tenants.find((t) => t.tenantId === THAMES.id)!;
    await xero.disconnect(thames.id);
    expect(((await xero.updateTenants(false)) as unknown[]).length).toBe(1);
    await expect(xero.accountingApi.getOrganisations(THAMES.id)).rejects.toMatch(
      /AuthenticationUnsuccessful/,
    );

    const refreshToken = xero.readTokenSet().refresh_token!;
    await xero.revokeToken();
    expect(await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken })).toEqual({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });
});
