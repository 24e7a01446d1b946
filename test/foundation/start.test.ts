import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, spawnTs } from '../process.js';

/**
 * `npm start` on a machine with no database: it starts its own embedded Postgres, serves /healthz, lets the CLI
 * join it, refuses a second start on the same files, and stops everything on SIGTERM.
 */
describe('npm start with the embedded database', () => {
  let dataDir = '';
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('serves /healthz, shares its database with the CLI, refuses a second start, and stops cleanly', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'dunwise-start-'));
    await chmod(dataDir, 0o755); // reachable by the postgres user, so the cluster lives right here
    const env = cleanEnv({ DATA_DIR: dataDir, PORT: '0' });
    const first = spawnTs('server/main.ts', [], env);
    try {
      const [, url] = await first.waitFor(/Dunwise is running at (http:\/\/\S+)/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });

      const cli = spawnTs('server/cli/run.ts', ['migrate'], env);
      expect(await cli.exited).toBe(0);
      expect(cli.stdout()).toContain('database is up to date');

      const second = spawnTs('server/main.ts', [], env);
      expect(await second.exited).toBe(1);
      expect(second.stderr()).toMatch(
        /already running: the embedded database in this data directory is in use/,
      );
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    // Postgres removes its pid file only when it has shut down; the ownership file goes with the owner.
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'postgres.json'))).toBe(false);
  }, 120_000);

  it('an unreachable DATABASE_URL is one clear line and exit 1', async () => {
    const run = spawnTs(
      'server/main.ts',
      [],
      cleanEnv({
        DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none',
        PORT: '0',
        DATA_DIR: path.join(tmpdir(), 'dunwise-unused'),
      }),
    );
    expect(await run.exited).toBe(1);
    expect(run.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(
        /^dunwise: cannot connect to the database at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: ECONNREFUSED/,
      ),
    ]);
  }, 60_000);

  it('a bad configuration lists each problem and exits 1', async () => {
    const run = spawnTs(
      'server/main.ts',
      [],
      cleanEnv({ PORT: 'x', SESSION_SECRET: 'short', DATA_DIR: path.join(tmpdir(), 'dunwise-unused') }),
    );
    expect(await run.exited).toBe(1);
    expect(run.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(/^config: PORT: /),
      'config: SESSION_SECRET: must be at least 32 characters',
    ]);
  }, 60_000);
});
