import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDb, createPool, type Db } from '../server/db/connect.js';
import { withDatabase } from './global-setup.js';

export interface TestDatabase {
  /** The file's own database, cloned from the migrated template. */
  readonly db: Db;
  readonly pool: pg.Pool;
  /** Its URL, for child processes (workers) and code that builds its own pool. */
  readonly url: string;
}

/**
 * Gives the calling test file its own real database, cloned from the migrated template at the start and dropped
 * at the end. No transaction-rollback tricks: code under test opens its own transactions and takes row locks.
 */
export function useTestDatabase(): TestDatabase {
  const name = `dunwise_test_${randomBytes(6).toString('hex')}`;
  const adminUrl = inject('adminDatabaseUrl');
  const state: { db?: Db; pool?: pg.Pool } = {};
  let admin: Kysely<unknown>;

  beforeAll(async () => {
    admin = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: createPool({ connectionString: adminUrl, max: 1 }) }),
    });
    await sql`create database ${sql.id(name)} template ${sql.id(inject('templateDatabase'))}`.execute(admin);
    state.pool = createPool({ connectionString: withDatabase(adminUrl, name), max: 8 });
    state.db = createDb(state.pool);
  });

  afterAll(async () => {
    await state.db?.destroy();
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
    await admin.destroy();
  });

  return {
    get db() {
      if (!state.db) throw new Error('useTestDatabase(): the database exists only inside tests and hooks');
      return state.db;
    },
    get pool() {
      if (!state.pool) throw new Error('useTestDatabase(): the pool exists only inside tests and hooks');
      return state.pool;
    },
    get url() {
      return withDatabase(adminUrl, name);
    },
  };
}
