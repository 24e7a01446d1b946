import { isConnectorError } from '../../connectors/types.js';
import type { CadenceDeps } from './types.js';

/** Attempts before a note is given up as 'failed' (shown to the user, never retried again). */
export const NOTE_MAX_ATTEMPTS = 6;
const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000];
const BATCH = 20;

export interface NotesPassSummary {
  written: number;
  retrying: number;
  failed: number;
}

/**
 * Writes pending notes to the books through `connector.addInvoiceNote`, with retries and backoff. Separate from
 * sending on purpose: a slow or failing write-back never blocks or undoes the touchpoint it records. Rows are
 * picked with SKIP LOCKED, so several workers share the queue; the connector is idempotent on the note's key, so
 * a crash after the provider wrote it but before we recorded it does not make a second note.
 */
export async function writePendingNotes(
  deps: CadenceDeps,
  options: { now: Date; organisationId?: string | undefined; maxBatches?: number },
): Promise<NotesPassSummary> {
  const summary: NotesPassSummary = { written: 0, retrying: 0, failed: 0 };
  const seen: string[] = [];
  for (let batch = 0; batch < (options.maxBatches ?? 50); batch++) {
    const done = await deps.db.transaction().execute(async (trx) => {
      const notes = await trx
        .selectFrom('note as n')
        .innerJoin('invoice as i', 'i.id', 'n.invoice_id')
        .innerJoin('organisation as o', 'o.id', 'n.organisation_id')
        .select([
          'n.id',
          'n.organisation_id',
          'n.body',
          'n.idempotency_key',
          'n.attempts',
          'i.external_id',
          'o.provider',
        ])
        .where('n.status', '=', 'pending')
        .where('n.next_attempt_at', '<=', options.now)
        .$if(options.organisationId !== undefined, (q) =>
          q.where('n.organisation_id', '=', options.organisationId as string),
        )
        .$if(seen.length > 0, (q) => q.where('n.id', 'not in', seen))
        .orderBy('n.next_attempt_at')
        .limit(BATCH)
        .forUpdate('n')
        .skipLocked()
        .execute();
      for (const note of notes) {
        seen.push(note.id);
        const connector = deps.connectors[note.provider];
        const attempts = note.attempts + 1;
        try {
          if (!connector) throw new Error(`no ${note.provider} connector configured`);
          const written = await connector.addInvoiceNote(
            note.organisation_id,
            note.external_id,
            note.body,
            note.idempotency_key,
          );
          await trx
            .updateTable('note')
            .set({
              status: 'written',
              external_id: written.externalId,
              attempts,
              written_at: deps.now(),
              last_error: null,
            })
            .where('id', '=', note.id)
            .execute();
          summary.written += 1;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          // A refused note (4xx) gets one more try (the connector re-sanitises); a missing invoice none.
          const hopeless =
            isConnectorError(error, 'not_found') || (isConnectorError(error, 'rejected') && attempts >= 2);
          const giveUp = hopeless || attempts >= NOTE_MAX_ATTEMPTS;
          const retryAfter = isConnectorError(error) ? error.details.retryAfterMs : undefined;
          const delay = retryAfter ?? BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)] ?? 60_000;
          await trx
            .updateTable('note')
            .set({
              status: giveUp ? 'failed' : 'pending',
              attempts,
              last_error: message.slice(0, 1000),
              next_attempt_at: giveUp ? null : new Date(options.now.getTime() + delay),
            })
            .where('id', '=', note.id)
            .execute();
          if (giveUp) summary.failed += 1;
          else summary.retrying += 1;
          deps.log.warn(
            { noteId: note.id, attempts, err: error },
            giveUp ? 'note given up' : 'note will be retried',
          );
        }
      }
      return notes.length < BATCH;
    });
    if (done) break;
  }
  return summary;
}
