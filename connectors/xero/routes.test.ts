import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { afterEach, describe, expect, it } from 'vitest';
import { kowhaiCafe, thamesTraders } from '../../sandbox/xero/testing/company.js';
import { consent } from '../../sandbox/xero/testing/xero-client.js';
import { useTestDatabase } from '../../test/db.js';
import { buildWorkspace } from '../../test/factories.js';
import { xeroRoutes } from './routes.js';
import { startXeroTest, type XeroSandboxSetup } from './testing.js';

const t = useTestDatabase();
const KOWHAI = kowhaiCafe().id;
const THAMES = thamesTraders().id;

let setup: XeroSandboxSetup | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await setup?.close();
  setup = undefined;
});

/** The routes inside a minimal app: a memory session and a test-only sign-in standing in for server/session.ts. */
async function app() {
  setup = await startXeroTest(t, [kowhaiCafe(), thamesTraders()]);
  const workspace = await buildWorkspace(t.db, { kind: 'firm' });
  const connected: string[][] = [];
  const web = express();
  web.use(session({ secret: 'x'.repeat(32), resave: false, saveUninitialized: false }));
  web.use(express.urlencoded({ extended: false })); // as server/app.ts does for forms
  web.get('/test-signin', (req, res) => {
    req.session.userId = 'user-1';
    req.session.workspaceId = workspace.id;
    res.end();
  });
  web.use(
    xeroRoutes(setup.deps, setup.config, {
      connector: setup.connector,
      afterConnect: (ids) => connected.push(ids),
    }),
  );
  const server = web.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signin = await fetch(`${base}/test-signin`);
  const cookie = signin.headers.get('set-cookie')!.split(';')[0]!;
  const get = (path: string) => fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
  return { base, cookie, get, workspace, connected };
}

describe('GET /connect/xero → consent → GET /connect/xero/callback', () => {
  it('connects the organisations ticked on the consent page and hands them to the first sync', async () => {
    const { get, workspace, connected } = await app();
    const start = await get('/connect/xero');
    expect(start.status).toBe(303);
    const consentUrl = start.headers.get('location')!;
    expect(new URL(consentUrl).searchParams.get('scope')).toBe(
      'openid profile email offline_access accounting.invoices accounting.payments.read accounting.contacts.read accounting.settings.read',
    );
    const back = new URL(await consent(consentUrl, [KOWHAI, THAMES]));
    const done = await get(`/connect/xero/callback${back.search}`);
    expect([done.status, done.headers.get('location')]).toEqual([303, '/']);
    const orgs = await t.db
      .selectFrom('organisation')
      .select(['id', 'name'])
      .where('workspace_id', '=', workspace.id)
      .orderBy('name')
      .execute();
    expect(orgs.map((o) => o.name)).toEqual(['Kowhai Cafe Ltd', 'Thames Traders Ltd']);
    expect(connected).toEqual([expect.arrayContaining(orgs.map((o) => o.id))]);
    // The code and the state are spent: replaying the callback is refused.
    expect((await get(`/connect/xero/callback${back.search}`)).status).toBe(400);
  });

  it('refuses a callback whose state this browser did not start', async () => {
    const { get } = await app();
    await get('/connect/xero');
    expect((await get('/connect/xero/callback?code=abc&state=forged')).status).toBe(400);
  });

  it('sends visitors who are not signed in to the sign-in page', async () => {
    const { base } = await app();
    const res = await fetch(`${base}/connect/xero`, { redirect: 'manual' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/signin']);
  });
});

describe('POST /connect/xero/:organisationId/disconnect', () => {
  it('only disconnects organisations of the signed-in workspace', async () => {
    const { base, cookie } = await app();
    const other = await t.db
      .insertInto('organisation')
      .values({
        workspace_id: (await buildWorkspace(t.db)).id,
        provider: 'xero',
        external_id: 'elsewhere',
        name: 'Not yours',
        base_currency: 'NZD',
        time_zone: 'Pacific/Auckland',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await fetch(`${base}/connect/xero/${other.id}/disconnect`, {
      method: 'POST',
      headers: { cookie },
      redirect: 'manual',
    });
    expect(res.status).toBe(404);
  });

  it('scope=grant revokes the whole Xero login: every organisation it connected is disconnected, its tokens gone', async () => {
    const { base, cookie, get, workspace } = await app();
    const start = await get('/connect/xero');
    const back = new URL(await consent(start.headers.get('location')!, [KOWHAI, THAMES]));
    await get(`/connect/xero/callback${back.search}`);
    const [first] = await t.db
      .selectFrom('organisation')
      .select(['id', 'connection_id'])
      .where('workspace_id', '=', workspace.id)
      .orderBy('name')
      .execute();
    const res = await fetch(`${base}/connect/xero/${first!.id}/disconnect`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'scope=grant',
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const orgs = await t.db
      .selectFrom('organisation')
      .select('status')
      .where('workspace_id', '=', workspace.id)
      .execute();
    expect(orgs.map((o) => o.status)).toEqual(['disconnected', 'disconnected']);
    const connection = await t.db
      .selectFrom('connection')
      .selectAll()
      .where('id', '=', first!.connection_id!)
      .executeTakeFirstOrThrow();
    expect(connection).toMatchObject({ status: 'disconnected', refresh_token_enc: null });
  });
});
