import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db.js';
import { seedWorkspace, startPages } from './harness.js';

/** Pitfall B30: behind a TLS-terminating proxy the Secure session cookie must still be set (trust proxy). */
const t = useTestDatabase();
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  server = await startPages(t.db, t.pool, {
    NODE_ENV: 'production',
    TRUST_PROXY: '1',
    APP_URL: 'https://dunwise.example',
    DATABASE_URL: 'postgres://unused.example/db',
  });
  await seedWorkspace(t.db, 'prod@example.com');
});
afterAll(() => server.close());

async function signIn(headers: Record<string, string>, fixedSid?: string) {
  const pageCookie = async () => {
    const page = await fetch(`${server.url}/signin`, {
      headers: { ...headers, ...(fixedSid ? { cookie: `dunwise.sid=${fixedSid}` } : {}) },
    });
    const setCookie = page.headers.getSetCookie()[0] ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    return { cookie: setCookie.split(';')[0] ?? '', token, setCookie };
  };
  const { cookie, token, setCookie } = await pageCookie();
  const response = await fetch(`${server.url}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      _csrf: token,
      email: 'prod@example.com',
      password: 'a long enough password',
    }),
  });
  return { response, before: cookie, beforeHeader: setCookie };
}

describe('B30 secure cookie behind a proxy', () => {
  it('sets a Secure, HttpOnly, SameSite=Lax cookie when the proxy says https, and a new id at sign-in', async () => {
    const { response, before } = await signIn({ 'x-forwarded-proto': 'https' });
    expect(response.status).toBe(303);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('dunwise.sid='))!;
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie.split(';')[0]).not.toBe(before);

    const home = await fetch(`${server.url}/`, {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https', cookie: cookie.split(';')[0]! },
    });
    expect(home.status).toBe(200);
  });

  it('sets no cookie over plain http without the proxy header (so the form cannot be used)', async () => {
    const { beforeHeader, response } = await signIn({});
    expect(beforeHeader).toBe('');
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.status).toBe(403);
  });
});
