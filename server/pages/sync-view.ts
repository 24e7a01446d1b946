import { localDateTime } from './calendar.js';

/** A sync run as pages and the progress endpoint show it. */
export interface SyncRunLike {
  id: string;
  kind: string;
  status: 'running' | 'succeeded' | 'failed' | 'partial';
  started_at: Date;
  finished_at: Date | null;
  counts: Record<string, number>;
  error: string | null;
}

/**
 * The connectors record what they fetched in `counts` but not how much is left (the providers do not say), so a
 * running sync shows an indeterminate bar with the record count, and a finished one a full bar.
 */
export function syncView(run: SyncRunLike) {
  const records = Object.values(run.counts ?? {}).reduce((sum, n) => sum + (Number.isFinite(n) ? n : 0), 0);
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    running: run.status === 'running',
    percent: run.status === 'running' ? null : 100,
    records,
    error: run.status === 'failed' ? run.error : null,
  };
}

/** One line of the sync page's history: every run's kind, time, duration, API calls, records and problem. */
export function syncHistoryRow(
  run: SyncRunLike & { api_calls: number },
  timeZone: string,
): ReturnType<typeof syncView> & { startedAt: string | null; seconds: number | null; apiCalls: number } {
  const view = syncView(run);
  return {
    ...view,
    // A partial run (a page refused, records skipped) says why too; only a clean one has nothing to say.
    error: run.status === 'succeeded' ? null : run.error,
    startedAt: localDateTime(run.started_at, timeZone),
    seconds: run.finished_at
      ? Math.round((run.finished_at.getTime() - run.started_at.getTime()) / 100) / 10
      : null,
    apiCalls: run.api_calls,
  };
}
