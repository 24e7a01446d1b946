import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Type parsers for this pool only (pg's global `types` stay untouched, so other pools in the same process —
 * tests, the sandbox — are not surprised). A `date` is a calendar date and stays the 'YYYY-MM-DD' text Postgres
 * sent: turning it into a JS Date would shift it by the process time zone (brianc/node-postgres#783).
 * `numeric` stays a decimal string so money is never a float. `int8` is used for counts only, so a number is safe.
 */
export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === DATE_OID || oid === NUMERIC_OID) return (value: string) => value;
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
};

export interface DbOptions {
  connectionString: string;
  /** Pool size; the default suits a small web or worker process. */
  max?: number;
  applicationName?: string;
  /** Errors of idle pooled connections (server restart, terminated backend); the pool replaces them. */
  onIdleError?: (error: Error) => void;
}

export function createPool({
  connectionString,
  max = 10,
  applicationName = 'dunwise',
  onIdleError = () => undefined,
}: DbOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: applicationName,
    types: pgTypes,
  });
  // Dunwise's statements are page-sized and run in milliseconds. JIT compiles when the estimated cost is high,
  // and estimates run high on tables that grew faster than their statistics (a first sync): 300 ms of compiling
  // for a 15 ms upsert, on every page. Set per connection, as pg documents for setup commands, so that
  // PGOPTIONS or a URL's `options` still apply; a failure here fails the connection's first query anyway.
  pool.on('connect', (client) => {
    client.query('set jit = off').catch(() => undefined);
  });
  // Without a listener, an idle client's error is an uncaught exception that takes the whole process down.
  pool.on('error', onIdleError);
  return pool;
}

export function createDb(pool: pg.Pool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export type Db = Kysely<Database>;
