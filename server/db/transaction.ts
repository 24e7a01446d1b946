import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs `work` in a transaction: the caller's, when `db` already is one (kysely cannot nest them), else a new one.
 * Lets a function that must be atomic on its own also be one step of a larger atomic change.
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}
