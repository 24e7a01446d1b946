import type { Options, Store } from 'express-rate-limit';
import { sql } from 'kysely';
import type { Db } from './connect.js';

/**
 * An express-rate-limit store in Postgres, so the limit holds across any number of web processes. One upsert per
 * hit: a window that has ended starts again at 1.
 */
export function postgresRateLimitStore(db: Db, prefix: string): Store {
  let windowMs = 60_000;
  return {
    prefix,
    init(options: Options) {
      windowMs = options.windowMs;
    },
    async increment(key) {
      const { rows } = await sql<{ hits: number; reset_at: Date }>`
        insert into rate_limit (key, hits, reset_at)
        values (${prefix + key}, 1, now() + make_interval(secs => ${windowMs / 1000}))
        on conflict (key) do update set
          hits = case when rate_limit.reset_at <= now() then 1 else rate_limit.hits + 1 end,
          reset_at = case when rate_limit.reset_at <= now() then excluded.reset_at else rate_limit.reset_at end
        returning hits, reset_at
      `.execute(db);
      return { totalHits: rows[0]!.hits, resetTime: rows[0]!.reset_at };
    },
    async decrement(key) {
      await sql`update rate_limit set hits = greatest(hits - 1, 0) where key = ${prefix + key}`.execute(db);
    },
    async resetKey(key) {
      await sql`delete from rate_limit where key = ${prefix + key}`.execute(db);
    },
  };
}
