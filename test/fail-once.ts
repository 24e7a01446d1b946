import { sql } from 'kysely';
import type { Db } from '../server/db/connect.js';

/**
 * Makes the next insert into `table` fail, once, as a database hiccup would. A sequence counts the attempts
 * because nothing else survives the rollback the failure causes. Returns the undo.
 */
export async function failNextInsert(db: Db, table: 'note' | 'invoice'): Promise<() => Promise<void>> {
  const name = sql.id(`fail_once_${table}`);
  await sql`create sequence ${name}`.execute(db);
  await sql`
    create function ${name}() returns trigger language plpgsql as $$
    begin
      if nextval(${sql.lit(`fail_once_${table}`)}) = 1 then raise exception 'injected failure on ${sql.raw(table)}'; end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger ${name} before insert on ${sql.table(table)} for each statement execute function ${name}()`.execute(
    db,
  );
  return async () => {
    await sql`drop trigger ${name} on ${sql.table(table)}`.execute(db);
    await sql`drop function ${name}()`.execute(db);
    await sql`drop sequence ${name}`.execute(db);
  };
}
