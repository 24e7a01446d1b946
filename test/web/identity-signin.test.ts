import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxEnv } from '../../sandbox/cli.js';
import { approveQuickBooksConsent } from '../../sandbox/quickbooks/consent.js';
import { SANDBOX_USER as INTUIT_USER } from '../../sandbox/quickbooks/id-token.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { consent as approveXeroConsent } from '../../sandbox/xero/testing/xero-client.js';
import { SANDBOX_USER as XERO_USER } from '../../sandbox/xero/identity/store.js';
import { createApp } from '../../server/app.js';
import { signInWithIdentity } from '../../server/auth/identities.js';
import { createUserWithWorkspace } from '../../server/auth/users.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { useTestDatabase } from '../db.js';
import { TestBrowser } from '../http.js';

/**
 * Sign in with Intuit / Xero through the real intuit-oauth and xero-node (openid-client) against the sandbox's
 * Intuit and Xero identity servers, which sign real id_tokens and serve their JWKS.
 */
const t = useTestDatabase();
let sandbox: RunningSandbox;
let server: Server;
let appUrl = '';
let realmId = '';

beforeAll(async () => {
  sandbox = await startSandbox();
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({
    ...sandboxEnv(sandbox.url, sandbox.world.apps),
    APP_URL: appUrl,
    SESSION_SECRET: 's'.repeat(40),
    ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
  });
  const log = createLogger({ level: 'silent' });
  server.on('request', createApp({ config, log, db: t.db, pool: t.pool }));
  realmId = [...sandbox.world.companies.values()].find((c) => c.provider === 'quickbooks')!.id;
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await sandbox?.close();
});

const pathOf = (url: string) => url.replace(appUrl, '');

/** Clicks "Sign in with Intuit", consents in the sandbox, and returns the callback the browser would follow. */
async function intuitCallback(browser: TestBrowser): Promise<string> {
  const start = await browser.get('/signin/intuit');
  expect(start.status).toBe(302);
  expect(new URL(start.location!).searchParams.get('scope')).toBe('openid email profile');
  return pathOf(await approveQuickBooksConsent(start.location!, realmId));
}

async function userIdOf(email: string): Promise<string[]> {
  const rows = await t.db
    .selectFrom('app_user')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .execute();
  return rows.map((r) => r.id);
}

describe('Sign in with Intuit', () => {
  it('shows the buttons on the sign-in and sign-up pages', async () => {
    const browser = new TestBrowser(appUrl);
    for (const page of ['/signin', '/signup']) {
      const text = (await browser.get(page)).text;
      expect(text).toContain('href="/signin/intuit"');
      expect(text).toContain('Sign in with Intuit');
      expect(text).toContain('Sign in with Xero');
    }
  });

  it('creates a user and a workspace for a new Intuit identity, with a new session id', async () => {
    const browser = new TestBrowser(appUrl);
    expect((await browser.get('/')).location).toBe('/signin');
    const callback = await intuitCallback(browser);
    const before = browser.cookie('dunwise.sid');
    const done = await browser.get(callback);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/');
    expect(browser.cookie('dunwise.sid')).not.toBe(before);
    expect((await browser.get('/')).status).toBe(200);

    const [userId, ...others] = await userIdOf(INTUIT_USER.email);
    expect(others).toEqual([]);
    const user = await t.db
      .selectFrom('app_user')
      .select(['name', 'password_hash'])
      .where('id', '=', userId!)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ name: 'Sandra Box', password_hash: null });
    const identity = await t.db
      .selectFrom('user_identity')
      .select(['provider', 'subject', 'email_verified'])
      .where('user_id', '=', userId!)
      .execute();
    expect(identity).toEqual([{ provider: 'intuit', subject: INTUIT_USER.sub, email_verified: true }]);
    const memberships = await t.db
      .selectFrom('membership')
      .select('role')
      .where('user_id', '=', userId!)
      .execute();
    expect(memberships).toEqual([{ role: 'owner' }]);
  });

  it('signs a returning Intuit identity into the same user', async () => {
    const [existing] = await userIdOf(INTUIT_USER.email);
    const browser = new TestBrowser(appUrl);
    const done = await browser.get(await intuitCallback(browser));
    expect(done.status).toBe(303);
    expect((await browser.get('/')).status).toBe(200);
    expect(await userIdOf(INTUIT_USER.email)).toEqual([existing]);
    expect(await t.db.selectFrom('workspace').select('id').execute()).toHaveLength(1);
  });

  it('refuses a callback whose state was not issued to this browser', async () => {
    const browser = new TestBrowser(appUrl);
    const callback = new URL(await intuitCallback(browser), appUrl);
    callback.searchParams.set('state', 'forged-state-forged-state-forged-st');
    const refused = await browser.get(pathOf(callback.toString()));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('This sign-in link is not valid any more.');
    expect((await browser.get('/')).location).toBe('/signin');

    // Another browser's callback is refused too: its state is bound to the session that started it.
    const victim = new TestBrowser(appUrl);
    const stolen = await intuitCallback(victim);
    const attacker = new TestBrowser(appUrl);
    expect((await attacker.get(stolen)).status).toBe(400);
    expect((await attacker.get('/')).location).toBe('/signin');
  });

  it('uses a code once: a replayed callback, or the same code under a fresh state, is refused', async () => {
    const browser = new TestBrowser(appUrl);
    const callback = await intuitCallback(browser);
    expect((await browser.get(callback)).status).toBe(303);
    expect((await browser.get(callback)).status).toBe(400);

    const other = new TestBrowser(appUrl);
    const fresh = new URL(await intuitCallback(other), appUrl);
    fresh.searchParams.set('code', new URL(callback, appUrl).searchParams.get('code')!);
    const reused = await other.get(pathOf(fresh.toString()));
    expect(reused.status).toBe(400);
    expect((await other.get('/')).location).toBe('/signin');
  });
});

describe('Sign in with Xero', () => {
  it('links a Xero identity to the account with its email only once that account signs in, then signs straight in', async () => {
    const password = await createUserWithWorkspace(t.db, {
      email: XERO_USER.email.toUpperCase(),
      password: 'a long enough password',
      kind: 'firm',
    });
    const xeroSignIn = async (browser: TestBrowser) => {
      const start = await browser.get('/signin/xero');
      expect(start.status).toBe(302);
      expect(new URL(start.location!).searchParams.get('scope')).toBe('openid profile email');
      return browser.get(pathOf(await approveXeroConsent(start.location!, [])));
    };

    // Xero vouches for the email, but matching is on `sub`: the account's owner must prove it is theirs.
    const browser = new TestBrowser(appUrl);
    const offered = await xeroSignIn(browser);
    expect(offered.status).toBe(200);
    expect(offered.text).toContain(`An account already uses ${XERO_USER.email}.`);
    expect((await browser.get('/')).location).toBe('/signin');
    expect(
      await t.db.selectFrom('user_identity').select('id').where('provider', '=', 'xero').execute(),
    ).toEqual([]);

    const signedIn = await browser.post(
      '/signin',
      { email: XERO_USER.email, password: 'a long enough password' },
      { csrfFrom: '/signin' },
    );
    expect(signedIn.status).toBe(303);
    expect((await browser.get('/')).text).toContain('Your Xero sign-in is now linked to this account.');
    const identity = await t.db
      .selectFrom('user_identity')
      .select(['user_id', 'email_verified'])
      .where('provider', '=', 'xero')
      .execute();
    expect(identity).toEqual([{ user_id: password.userId, email_verified: true }]);

    // From now on "Sign in with Xero" signs straight into that account.
    const later = new TestBrowser(appUrl);
    const done = await xeroSignIn(later);
    expect(done.status).toBe(303);
    expect((await later.get('/')).status).toBe(200);
    expect(await userIdOf(XERO_USER.email)).toEqual([password.userId]);
  });

  it('refuses a Xero callback with a forged state', async () => {
    const browser = new TestBrowser(appUrl);
    const start = await browser.get('/signin/xero');
    const callback = new URL(await approveXeroConsent(start.location!, []));
    callback.searchParams.set('state', 'nope');
    expect((await browser.get(pathOf(callback.toString()))).status).toBe(400);
    expect((await browser.get('/')).location).toBe('/signin');
  });
});

describe('linking rule', () => {
  it('never signs an identity into an existing account by email, nor makes an account from an unverified one', async () => {
    await createUserWithWorkspace(t.db, { email: 'taken@example.com', password: 'a long enough password' });
    const base = { provider: 'intuit' as const, name: null, emailVerified: false };
    expect(
      await signInWithIdentity(t.db, { ...base, subject: 'sub-1', email: 'taken@example.com' }, new Date()),
    ).toEqual({ ok: false, reason: 'email_unverified' });
    expect(
      await signInWithIdentity(t.db, { ...base, subject: 'sub-2', email: 'new@example.com' }, new Date()),
    ).toEqual({ ok: false, reason: 'no_email' });
    expect(
      await signInWithIdentity(
        t.db,
        { ...base, emailVerified: true, subject: 'sub-3', email: 'Taken@example.com' },
        new Date(),
      ),
    ).toEqual({ ok: false, reason: 'link_required' });
    expect(await userIdOf('new@example.com')).toEqual([]);
  });
});
