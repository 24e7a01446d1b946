import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { useTestDatabase } from '../db.js';
import { listen, TestBrowser } from '../http.js';

const t = useTestDatabase();
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  const config = loadConfig({
    SESSION_SECRET: 's'.repeat(40),
    ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
  });
  server = await listen(
    createApp({ config, log: createLogger({ level: 'silent' }), db: t.db, pool: t.pool }),
  );
});
afterAll(() => server.close());

describe('accounts', () => {
  it('sign up regenerates the session, lands on the workspace, and sign out ends it', async () => {
    const browser = new TestBrowser(server.url);
    const signupPage = await browser.get('/signup');
    expect(signupPage.status).toBe(200);
    const anonymousSession = browser.cookie('dunwise.sid');
    expect(anonymousSession).toBeDefined();

    const created = await browser.post(
      '/signup',
      { name: 'Aroha Ngata', email: 'aroha@example.co.nz', password: 'kia ora koutou', kind: 'firm' },
      { csrfFrom: '/signup' },
    );
    expect([created.status, created.location]).toEqual([303, '/']);
    expect(browser.cookie('dunwise.sid')).not.toBe(anonymousSession);

    const home = await browser.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<h1>Aroha Ngata</h1>');
    expect(home.text).toContain('No books connected yet');

    const out = await browser.post('/signout', {}, { csrfFrom: '/' });
    expect([out.status, out.location]).toEqual([303, '/signin']);
    expect((await browser.get('/')).location).toBe('/signin');

    const back = await browser.post(
      '/signin',
      { email: 'AROHA@example.co.nz', password: 'kia ora koutou' },
      { csrfFrom: '/signin' },
    );
    expect([back.status, back.location]).toEqual([303, '/']);
  });

  it('refuses a form without its CSRF token and changes nothing', async () => {
    const browser = new TestBrowser(server.url);
    await browser.get('/signup');
    const forged = await browser.post('/signup', {
      email: 'forged@example.com',
      password: 'long enough pass',
    });
    expect(forged.status).toBe(403);
    const count = await t.db
      .selectFrom('app_user')
      .select(t.db.fn.countAll<number>().as('n'))
      .where('email', '=', 'forged@example.com')
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(0);
  });

  it('re-renders the sign-up form with field errors and keeps what was typed', async () => {
    const browser = new TestBrowser(server.url);
    const bad = await browser.post(
      '/signup',
      { name: 'Zoë', email: 'not-an-email', password: 'short' },
      { csrfFrom: '/signup' },
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('enter a valid email address');
    expect(bad.text).toContain('Password must be at least 10 characters.');
    expect(bad.text).toContain('value="Zoë"');
    expect(bad.text).toContain('value="not-an-email"');
  });

  it('a wrong password is refused with the same message as an unknown email', async () => {
    const browser = new TestBrowser(server.url);
    const wrong = await browser.post(
      '/signin',
      { email: 'aroha@example.co.nz', password: 'wrong password' },
      { csrfFrom: '/signin' },
    );
    const unknown = await browser.post(
      '/signin',
      { email: 'nobody@example.com', password: 'wrong password' },
      { csrfFrom: '/signin' },
    );
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.text).toContain('That email and password do not match.');
    expect(unknown.text).toContain('That email and password do not match.');
  });

  it('serves security headers, a friendly 404, and healthz', async () => {
    const response = await fetch(`${server.url}/nowhere`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Page not found');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
