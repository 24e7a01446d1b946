import { PassThrough, Readable, Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.js';
import { useTestDatabase } from '../db.js';

const t = useTestDatabase();

function io(stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdin: Readable.from([stdin]), stdout, stderr }, out: () => out, err: () => err };
}

beforeAll(() => {
  // The CLI reads its configuration from the environment, like every entry point.
  process.env['DATABASE_URL'] = t.url;
  process.env['SESSION_SECRET'] = 's'.repeat(40);
  process.env['ENCRYPTION_KEY'] = Buffer.alloc(32, 5).toString('base64');
  process.env['LOG_LEVEL'] = 'silent';
});

describe('dunwise CLI', () => {
  it('unknown command or flag: usage on stderr, exit 2', async () => {
    const unknown = io();
    expect(await runCli(['frobnicate'], unknown.io)).toBe(2);
    expect(unknown.err()).toContain("unknown command 'frobnicate'");
    expect(unknown.err()).toContain('usage: dunwise <command>');

    const flag = io();
    expect(await runCli(['migrate', '--force'], flag.io)).toBe(2);
    expect(flag.err()).toContain("Unknown option '--force'");
  });

  it('output into a closed pipe (dunwise plan | head) ends the command normally, not with an unhandled EPIPE', async () => {
    const closedPipe = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    expect(await runCli(['orgs', 'list'], { stdin: Readable.from([]), stdout: closedPipe, stderr })).toBe(0);
    expect(err).toBe('');
  });

  it('users create reads the password from stdin and the user can then sign in', async () => {
    const run = io('a long passphrase\n');
    expect(await runCli(['users', 'create', '--email', 'Mere@Example.com', '--firm'], run.io)).toBe(0);
    expect(run.out()).toMatch(/^created user Mere@Example\.com/);
    const user = await t.db
      .selectFrom('app_user')
      .innerJoin('membership', 'membership.user_id', 'app_user.id')
      .innerJoin('workspace', 'workspace.id', 'membership.workspace_id')
      .select(['app_user.password_hash', 'membership.role', 'workspace.kind'])
      .where('app_user.email', '=', 'Mere@Example.com')
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^scrypt\$/);
    expect([user.role, user.kind]).toEqual(['owner', 'firm']);

    const again = io('a long passphrase\n');
    expect(await runCli(['users', 'create', '--email', 'mere@example.com'], again.io)).toBe(1);
    expect(again.err()).toContain('an account already exists');
  });

  it('refuses a weak password or a bad email without touching the database', async () => {
    const weak = io('short\n');
    expect(await runCli(['users', 'create', '--email', 'a@b.co'], weak.io)).toBe(1);
    expect(weak.err()).toContain('must be at least 10 characters');
    const bad = io('a long passphrase\n');
    expect(await runCli(['users', 'create', '--email', 'nope'], bad.io)).toBe(2);
  });

  it('migrate on an up-to-date database says so', async () => {
    const run = io();
    expect(await runCli(['migrate'], run.io)).toBe(0);
    expect(run.out()).toBe('database is up to date\n');
  });
});
