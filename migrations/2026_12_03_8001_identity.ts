import { sql, type Kysely } from 'kysely';

/**
 * "Sign in with Intuit / Xero": the provider identities (OpenID `sub`) that sign a user in. One identity belongs
 * to one user; a user may have several (one per provider, or more). Email is what the provider said at the last
 * sign-in, with whether the provider had verified it (the rule for linking to an existing password account).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table user_identity (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user (id) on delete cascade,
      provider text not null check (provider in ('intuit', 'xero')),
      subject text not null,
      email text,
      email_verified boolean not null default false,
      created_at timestamptz not null default now(),
      last_signed_in_at timestamptz not null default now(),
      unique (provider, subject)
    )
  `.execute(db);
  await sql`create index user_identity_user_idx on user_identity (user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table user_identity`.execute(db);
}
