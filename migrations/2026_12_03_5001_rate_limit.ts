import { sql, type Kysely } from 'kysely';

/** Sign-in attempt counters shared by every web process (express-rate-limit store, server/db/rate-limits.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table rate_limit (
      key text primary key,
      hits integer not null,
      reset_at timestamptz not null
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table rate_limit`.execute(db);
}
