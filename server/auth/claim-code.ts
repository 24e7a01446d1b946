import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/**
 * Claims an authorization code for `purpose` (e.g. 'intuit-signin'): true for the first caller only, so a
 * reloaded callback, a second tab or a replayed URL never exchanges a code twice. Only a hash is kept.
 */
export async function claimCode(db: Db, purpose: string, code: string): Promise<boolean> {
  const hash = createHash('sha256').update(code).digest('hex');
  const result = await sql`
    insert into oauth_code_use (provider, code_hash) values (${purpose}, ${hash})
    on conflict do nothing
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n) === 1;
}
