import { sql } from 'kysely';
import type pg from 'pg';
import { cadenceDeps, runCadenceForOrganisation } from '../cadence/run/index.js';
import { createChannelSenders } from '../cadence/channels/index.js';
import type { ChannelSenders } from '../cadence/channels/types.js';
import type { ConnectorDeps } from '../connectors/deps.js';
import { createConnectors, type Connectors } from '../connectors/index.js';
import { type Config, loadConfig } from './config.js';
import { createDb, createPool, type Db } from './db/connect.js';
import {
  EmbeddedPostgresBusyError,
  findRunningEmbeddedPostgres,
  startEmbeddedPostgres,
  type EmbeddedPostgresServer,
} from './db/embedded.js';
import { migrateToLatest, pendingMigrations } from './db/migrate.js';
import type { RunningSandbox } from '../sandbox/server.js';
import { runningDemoSandboxEnv, startDemoSandbox } from './demo-sandbox.js';
import { devSecrets } from './dev-secrets.js';
import { createLogger, type Logger } from './log.js';

/**
 * The composition root: everything a process needs, built once, without a DI framework.
 * `role` decides how the database is found when DATABASE_URL is unset:
 * - 'all' (`npm start`) starts the embedded server and refuses if another process already runs it;
 * - 'web', 'worker' and 'cli' join a running embedded server, or start one of their own.
 */
export type Role = 'all' | 'web' | 'worker' | 'cli';

export interface Runtime {
  role: Role;
  config: Config;
  log: Logger;
  db: Db;
  pool: pg.Pool;
  now: () => Date;
  connectors: Connectors;
  /** What connectors were built with (sync jobs and routes take the same). */
  connectorDeps: ConnectorDeps;
  /** The channels whose provider is configured. */
  senders: ChannelSenders;
  /** The in-process sandbox of the demo (`npm start` with no provider configured), else null. */
  sandbox: RunningSandbox | null;
  /** Stops what the runtime started, in reverse order: pool, embedded database. Idempotent. */
  close: () => Promise<void>;
}

export class StartupError extends Error {
  override name = 'StartupError';
}

export async function openRuntime(
  role: Role,
  env: Record<string, string | undefined>,
  overrides: Partial<Record<string, string>> = {},
  /** The clock every part of the process reads; tests that play out days of the cadence pass their own. */
  now: () => Date = () => new Date(),
): Promise<Runtime> {
  const source = { ...env, ...overrides, ...(await devSecrets({ ...env, ...overrides })) };
  let config = loadConfig(source);
  // The demo: with no provider configured, `npm start` serves the sandbox in-process and points every provider
  // at it; other processes (the CLI) join the sandbox of a running `npm start`.
  let demo: Awaited<ReturnType<typeof startDemoSandbox>> | null = null;
  if (!config.quickbooks && !config.xero && !config.sendgrid && !config.twilio) {
    if (role === 'all') demo = await startDemoSandbox(config.dataDir, config.appUrl);
    const sandboxVars = demo?.env ?? (await runningDemoSandboxEnv(config.dataDir));
    if (sandboxVars) config = loadConfig({ ...source, ...sandboxVars });
  }
  const log = createLogger({ level: role === 'cli' ? (source['LOG_LEVEL'] ?? 'warn') : config.logLevel });

  const { url, embedded } = await resolveDatabase(config, role, log).catch(async (error: unknown) => {
    await demo?.close();
    throw error;
  });
  const pool = createPool({
    connectionString: url,
    max: role === 'cli' ? 4 : 10,
    applicationName: `dunwise-${role}`,
    onIdleError: (error) => log.warn({ err: error }, 'idle database connection failed; it will be replaced'),
  });
  const db = createDb(pool);
  const close = once(async () => {
    await db.destroy();
    await embedded?.stop();
    await demo?.close();
  });

  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await close();
    throw new StartupError(`cannot connect to the database at ${redactUrl(url)}: ${describe(error)}`);
  }
  if (embedded || role === 'all') {
    await migrateToLatest(db);
  } else if (role === 'web' || role === 'worker') {
    const pending = await pendingMigrations(db);
    if (pending.length > 0) {
      await close();
      throw new StartupError(`pending migrations (${pending.join(', ')}): run \`npm run migrate\` first`);
    }
  }

  // A sync that changes invoices runs the cadence for that organisation at once (DESIGN.md: reminders fire from
  // what the sync sees). The cadence needs the connectors and the connectors call it back: bind it late.
  let runCadenceAfterSync: (organisationId: string, at: Date) => Promise<unknown> = () => Promise.resolve();
  const connectorDeps: ConnectorDeps = {
    db,
    log,
    encryptionKey: config.encryptionKey,
    now,
    afterSync: async (organisationId, at) => {
      await runCadenceAfterSync(organisationId, at);
    },
  };
  const connectors = createConnectors(connectorDeps, config);
  const senders = createChannelSenders({ db, log, now }, config);
  const runtime: Runtime = {
    role,
    config,
    log,
    db,
    pool,
    now,
    connectors,
    connectorDeps,
    senders,
    sandbox: demo?.sandbox ?? null,
    close,
  };
  const cadence = cadenceDeps(runtime, senders);
  runCadenceAfterSync = (organisationId, at) => runCadenceForOrganisation(cadence, organisationId, at);
  return runtime;
}

async function resolveDatabase(
  config: Config,
  role: Role,
  log: Logger,
): Promise<{ url: string; embedded: EmbeddedPostgresServer | null }> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  if (role !== 'all') {
    const running = await findRunningEmbeddedPostgres(config.dataDir);
    if (running) return { url: running, embedded: null };
  }
  try {
    const embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      onLog: (line) => log.debug({ postgres: line.trim() }, 'embedded postgres'),
    });
    log.info({ port: embedded.port, dataDir: config.dataDir }, 'embedded Postgres started');
    return { url: embedded.url, embedded };
  } catch (error) {
    if (error instanceof EmbeddedPostgresBusyError)
      throw new StartupError(`Dunwise is already running: ${error.message}`);
    throw error;
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(' ') || String(error);
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => (running ??= fn());
}
