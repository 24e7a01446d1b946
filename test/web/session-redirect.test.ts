import express from 'express';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { sessionMiddleware } from '../../server/session.js';
import { useTestDatabase } from '../db.js';
import { listen } from '../http.js';

/**
 * A browser follows a redirect as soon as it has the headers. The flash set before `res.redirect` must be in the
 * session store by then, or the next page shows none (the browser walks lost "Settings saved." this way under
 * load). Here the store's write is held back by a lock, and the redirect must not leave before it is released.
 */
const t = useTestDatabase();
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  const config = loadConfig({
    SESSION_SECRET: 's'.repeat(40),
    ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
  });
  const app = express();
  app.use(sessionMiddleware(config, t.pool));
  app.get('/save', (req, res) => {
    req.session.flash = 'settings.saved';
    res.redirect(303, '/next');
  });
  app.get('/anonymous', (_req, res) => res.redirect(303, '/signin'));
  server = await listen(app);
});
afterAll(() => server.close());

/** Resolves once some statement of another session waits for a lock (the session write behind the test's lock). */
async function untilSomeoneWaitsForALock(): Promise<void> {
  for (;;) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_locks where not granted`.execute(
      t.db,
    );
    if (Number(rows[0]!.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('redirects wait for the session write', () => {
  it('sends the redirect only once the flash is stored', async () => {
    const blocker = await t.pool.connect();
    let released = false;
    let answeredWhileLocked: boolean | null = null;
    try {
      await blocker.query('begin');
      await blocker.query('lock table session in share mode');
      const response = fetch(`${server.url}/save`, { redirect: 'manual' }).then((r) => {
        answeredWhileLocked = !released;
        return r;
      });
      await untilSomeoneWaitsForALock();
      released = true;
      await blocker.query('commit');
      const answered = await response;
      expect(answered.status).toBe(303);
      expect(answeredWhileLocked).toBe(false);
    } finally {
      blocker.release();
    }
    const stored = await t.db.selectFrom('session').select('sess').execute();
    expect(stored.map((row) => (row.sess as { flash?: string }).flash)).toEqual(['settings.saved']);
  });

  it('does not store an empty visitor session for a redirect', async () => {
    const before = await t.db.selectFrom('session').select('sid').execute();
    const response = await fetch(`${server.url}/anonymous`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await t.db.selectFrom('session').select('sid').execute()).toEqual(before);
  });
});
