import { type Kysely, sql } from 'kysely';

/**
 * OAuth authorization codes already exchanged. Intuit invalidates the grant when one code is exchanged twice (a
 * double-clicked or reloaded callback), so the callback claims the code here first and only the winner exchanges it.
 * Only a hash of the code is kept.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table oauth_code_use (
      provider text not null,
      code_hash text not null,
      used_at timestamptz not null default now(),
      primary key (provider, code_hash)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table oauth_code_use`.execute(db);
}
