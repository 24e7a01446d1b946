import { processTouchpoint, type SendResult } from './send.js';
import type { CadenceDeps } from './types.js';

/**
 * Turns the deliveries a dead worker left in 'sending' into 'unknown' (shown to the user, never re-sent), and
 * settles their touchpoints. A live sender holds its touchpoint's row lock, so SKIP LOCKED leaves its work alone;
 * no time threshold is needed to tell "slow" from "dead".
 */
export async function recoverInterruptedSends(
  deps: CadenceDeps,
  now: Date,
): Promise<Map<string, SendResult>> {
  const results = new Map<string, SendResult>();
  for (;;) {
    const picked = await deps.db.transaction().execute(async (lease) => {
      const row = await lease
        .selectFrom('touchpoint as t')
        .select('t.id')
        .where('t.status', '=', 'claimed')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('delivery as d')
              .select('d.id')
              .whereRef('d.touchpoint_id', '=', 't.id')
              .where('d.status', '=', 'sending'),
          ),
        )
        .$if(results.size > 0, (q) => q.where('t.id', 'not in', [...results.keys()]))
        .limit(1)
        .forNoKeyUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return null;
      return { id: row.id, result: await processTouchpoint(deps, lease, row.id, now) };
    });
    if (picked === null) return results;
    results.set(picked.id, picked.result);
  }
}
