import { createHash } from 'node:crypto';
import { isConnectorError } from '../types.js';
import type { QboClient } from './client.js';
import { QboFaultError } from './errors.js';
import { sanitiseNote } from './note-text.js';
import { AttachableResponseSchema } from './schemas.js';

export interface NoteRetry {
  attempts: number;
  /** Waits between attempts; tests pass a fake. */
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_NOTE_RETRY: NoteRetry = {
  attempts: 4,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Creates an Attachable note linked to the invoice, not sent with it (IncludeOnSend false). An Attachable rather
 * than the invoice's PrivateNote: PrivateNote is the human "statement memo" and needs the invoice's SyncToken,
 * which a user editing the invoice makes stale (5010). Idempotent: QuickBooks replays the original response for a
 * repeated `requestid`, so a retry after a lost response never makes a second note.
 */
export async function addAttachableNote(
  client: QboClient,
  invoiceExternalId: string,
  text: string,
  idempotencyKey: string,
  retry: NoteRetry = DEFAULT_NOTE_RETRY,
): Promise<{ externalId: string | null }> {
  const body = {
    AttachableRef: [{ EntityRef: { type: 'Invoice', value: invoiceExternalId }, IncludeOnSend: false }],
    Note: sanitiseNote(text),
  };
  let requestId = requestIdFor(idempotencyKey);
  let staleRetried = false;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = AttachableResponseSchema.parse(
        await client.post('attachable', body, { requestid: requestId }),
      );
      return { externalId: response.Attachable.Id };
    } catch (error) {
      // A stale-object fault created nothing, so one retry under a derived request id is safe.
      if (error instanceof QboFaultError && error.faultCode === '5010' && !staleRetried) {
        staleRetried = true;
        requestId = requestIdFor(`${idempotencyKey}:stale`);
        continue;
      }
      const retryable = isConnectorError(error, 'transient') || isConnectorError(error, 'rate_limited');
      if (!retryable || attempt >= retry.attempts) throw error;
      const wait = isConnectorError(error, 'rate_limited')
        ? (error.details.retryAfterMs ?? 60_000)
        : 1000 * 2 ** (attempt - 1);
      await retry.sleep(wait);
    }
  }
}

/** Intuit's requestid is at most 50 characters; longer keys are hashed (still one id per key). */
export function requestIdFor(key: string): string {
  return key.length <= 50 ? key : createHash('sha256').update(key).digest('hex').slice(0, 48);
}
