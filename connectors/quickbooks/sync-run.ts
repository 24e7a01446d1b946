import type { Db } from '../../server/db/connect.js';
import type { SyncOutcome } from '../types.js';

/** Where an interrupted sync stopped, kept in `sync_run.progress` so the next run resumes there (pitfall B21). */
export interface SyncProgress {
  kind: 'full' | 'incremental' | 'reconcile';
  /** Steps already finished, e.g. 'full:Customer'. */
  done: string[];
  /** The step in progress and where in it: the next STARTPOSITION and, for time-ordered queries, the bound. */
  step: string | null;
  position: number;
  since: string | null;
  /** Server time of the first response of the run: the watermark once every step is done. */
  watermark: string | null;
}

export interface RunRecord {
  id: string;
  counts: Record<string, number>;
  add(key: string, n: number): void;
}

export async function startRun(
  db: Db,
  organisationId: string,
  kind: SyncOutcome['kind'],
  startedAt: Date,
  watermarkBefore: Date | null,
): Promise<RunRecord> {
  const row = await db
    .insertInto('sync_run')
    .values({
      organisation_id: organisationId,
      kind,
      started_at: startedAt,
      watermark_before: watermarkBefore,
      counts: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const counts: Record<string, number> = {};
  return {
    id: row.id,
    counts,
    add(key, n) {
      if (n !== 0) counts[key] = (counts[key] ?? 0) + n;
    },
  };
}

export async function saveProgress(
  db: Db,
  runId: string,
  progress: SyncProgress,
  apiCalls: number,
  counts: Record<string, number>,
) {
  await db
    .updateTable('sync_run')
    .set({ progress: JSON.stringify(progress), api_calls: apiCalls, counts: JSON.stringify(counts) })
    .where('id', '=', runId)
    .execute();
}

export async function finishRun(
  db: Db,
  run: RunRecord,
  fields: {
    status: 'succeeded' | 'failed' | 'partial';
    finishedAt: Date;
    apiCalls: number;
    error: string | null;
    watermarkAfter: Date | null;
    progress: SyncProgress | null;
  },
): Promise<void> {
  await db
    .updateTable('sync_run')
    .set({
      status: fields.status,
      finished_at: fields.finishedAt,
      api_calls: fields.apiCalls,
      counts: JSON.stringify(run.counts),
      error: fields.error,
      watermark_after: fields.watermarkAfter,
      progress: fields.progress ? JSON.stringify(fields.progress) : null,
    })
    .where('id', '=', run.id)
    .execute();
}

/** The progress of the organisation's latest run, when it stopped part-way (throttled) and can be resumed. */
export async function resumableProgress(db: Db, organisationId: string): Promise<SyncProgress | null> {
  const last = await db
    .selectFrom('sync_run')
    .select(['status', 'progress', 'kind'])
    .where('organisation_id', '=', organisationId)
    .where('kind', '!=', 'webhook')
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last || last.status !== 'partial' || !last.progress) return null;
  return last.progress as SyncProgress;
}
