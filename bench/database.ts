import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { createDb, createPool, type Db } from '../server/db/connect.js';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { migrateToLatest } from '../server/db/migrate.js';

/** The Postgres server the bench creates its databases on. */
export interface BenchServer {
  adminUrl: string;
  stop(): Promise<void>;
}

/** A fresh, migrated database for one measure; `drop` removes it. */
export interface BenchDatabase {
  url: string;
  db: Db;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/**
 * `databaseUrl` when given (DATABASE_URL), else an embedded Postgres in a temp data dir that is deleted on stop.
 * The bench never writes into the named database itself: it creates (and drops) one database per measure.
 */
export async function openBenchServer(databaseUrl: string | undefined): Promise<BenchServer> {
  if (databaseUrl) return { adminUrl: databaseUrl, stop: () => Promise.resolve() };
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(tmpdir(), `dunwise-bench-${process.pid}`),
    ephemeral: true,
  });
  return { adminUrl: embedded.url, stop: () => embedded.stop() };
}

export async function createBenchDatabase(
  adminUrl: string,
  label: string,
  poolSize = 8,
): Promise<BenchDatabase> {
  const name = `dunwise_bench_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => sql`create database ${sql.id(name)}`.execute(admin));
  const url = withDatabase(adminUrl, name);
  const pool = createPool({ connectionString: url, max: poolSize, applicationName: 'dunwise-bench' });
  const db = createDb(pool);
  await migrateToLatest(db);
  return {
    url,
    db,
    pool,
    async drop() {
      await db.destroy();
      await withAdmin(adminUrl, (admin) =>
        sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin),
      );
    },
  };
}

async function withAdmin<T>(adminUrl: string, fn: (admin: Kysely<unknown>) => Promise<T>): Promise<T> {
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: createPool({ connectionString: adminUrl, max: 1 }) }),
  });
  try {
    return await fn(admin);
  } finally {
    await admin.destroy();
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
