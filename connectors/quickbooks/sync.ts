import type { OrganisationRow } from '../../server/db/schema.js';
import type { ConnectorDeps } from '../deps.js';
import { forgetSeenOpen } from '../reconcile-seen.js';
import { linkInvoicesToCustomers } from '../store.js';
import { ConnectorError, isConnectorError, type SyncOptions, type SyncOutcome } from '../types.js';
import type { QboClient } from './client.js';
import type { MapContext } from './map.js';
import { ENTITIES, type QboEntity } from './records.js';
import {
  changeDataCapture,
  changedSince,
  pageThrough,
  rereadMissingOpen,
  type SyncEnv,
} from './sync-steps.js';
import {
  finishRun,
  resumableProgress,
  saveProgress,
  startRun,
  type RunRecord,
  type SyncProgress,
} from './sync-run.js';

/** CDC looks back 30 days at most; past 29 we use time-bounded queries instead (pitfall B09). */
export const CDC_WINDOW_MS = 29 * 86_400_000;
/** Changes are asked for from a little before the watermark: commits land out of order near the boundary. */
export const WATERMARK_OVERLAP_MS = 5 * 60_000;
export const RECONCILE_EVERY_MS = 24 * 3_600_000;

/**
 * One sync of a QuickBooks company (connectors/types.ts `syncOrganisation`): full on first connect, else CDC
 * (or time-bounded queries past CDC's window or cap), plus the daily reconciliation of open invoices. Every page
 * is stored (set-based) and the progress saved once it is stored (full paging reads ahead while a page is stored,
 * but never saves progress past it), so a 429 stops the run where it was and the next run resumes there. The
 * watermark is the server's own `time` from the run's first response — never our clock — and is stored only when
 * every step has committed.
 */
export async function syncQuickBooks(
  deps: ConnectorDeps,
  client: QboClient,
  org: OrganisationRow,
  map: MapContext,
  options: SyncOptions,
): Promise<SyncOutcome> {
  const now = options.now;
  if (org.status !== 'active')
    throw new ConnectorError('quickbooks', 'needs_reconnect', `organisation is ${org.status}`);
  if (org.rate_limited_until && org.rate_limited_until > now) {
    throw new ConnectorError('quickbooks', 'rate_limited', 'throttled by QuickBooks', {
      retryAfterMs: org.rate_limited_until.getTime() - now.getTime(),
    });
  }
  const progress = (await resumableProgress(deps.db, org.id)) ?? planRun(org, options);
  const run = await startRun(deps.db, org.id, progress.kind, now, org.sync_watermark);
  const env: SyncEnv = { deps, client, org, map, now, run, progress };
  const callsBefore = client.calls;
  const log = deps.log.child({
    module: 'sync',
    organisationId: org.id,
    realmId: client.realmId,
    kind: progress.kind,
  });
  try {
    await runSteps(env);
    await linkInvoicesToCustomers(deps.db, org.id);
    const watermark = progress.watermark ? new Date(progress.watermark) : org.sync_watermark;
    await deps.db
      .updateTable('organisation')
      .set({
        sync_watermark: watermark,
        last_sync_at: now,
        rate_limited_until: null,
        ...(progress.kind === 'full' ? { full_sync_completed_at: now, last_reconciled_at: now } : {}),
        ...(progress.done.includes('reconcile:missing') ? { last_reconciled_at: now } : {}),
      })
      .where('id', '=', org.id)
      .execute();
    await finishRun(deps.db, run, {
      status: run.counts['skipped'] ? 'partial' : 'succeeded',
      finishedAt: deps.now(),
      apiCalls: client.calls - callsBefore,
      error: run.counts['skipped'] ? `${run.counts['skipped']} malformed record(s) skipped` : null,
      watermarkAfter: watermark,
      progress: null,
    });
    log.info({ counts: run.counts, apiCalls: client.calls - callsBefore }, 'QuickBooks sync finished');
  } catch (error) {
    const throttled = isConnectorError(error, 'rate_limited');
    if (throttled) {
      const waitMs = error.details.retryAfterMs ?? 60_000;
      await deps.db
        .updateTable('organisation')
        .set({ rate_limited_until: new Date(deps.now().getTime() + waitMs) })
        .where('id', '=', org.id)
        .execute();
    }
    await finishRun(deps.db, run, {
      status: throttled ? 'partial' : 'failed',
      finishedAt: deps.now(),
      apiCalls: client.calls - callsBefore,
      error: error instanceof Error ? error.message : String(error),
      watermarkAfter: null,
      progress: throttled ? progress : null,
    });
    log.warn({ err: error, step: progress.step, position: progress.position }, 'QuickBooks sync stopped');
    if (throttled) return outcome(run, progress, 'partial', client.calls - callsBefore);
    throw error;
  }
  // Outside the try: the run is recorded as done whatever the cadence hook does.
  if (deps.afterSync) await deps.afterSync(org.id, now);
  return outcome(run, progress, run.counts['skipped'] ? 'partial' : 'succeeded', client.calls - callsBefore);
}

function planRun(org: OrganisationRow, options: SyncOptions): SyncProgress {
  const base = { done: [], step: null, position: 1, since: null, watermark: null };
  const requested = options.kind ?? 'auto';
  if (!org.full_sync_completed_at || !org.sync_watermark || requested === 'full')
    return { kind: 'full', ...base };
  if (requested === 'reconcile') return { kind: 'reconcile', ...base };
  return { kind: 'incremental', ...base };
}

async function runSteps(env: SyncEnv): Promise<void> {
  const { progress } = env;
  if (progress.kind === 'full') {
    for (const entity of ENTITIES)
      await step(env, `full:${entity}`, () => pageThrough(env, entity, fullQuery(entity)));
    return;
  }
  if (progress.kind === 'incremental') {
    const since = new Date(env.org.sync_watermark!.getTime() - WATERMARK_OVERLAP_MS);
    const cdcPossible = env.now.getTime() - since.getTime() <= CDC_WINDOW_MS;
    const useQueries = progress.done.includes('cdc:fallback') || !cdcPossible;
    if (!useQueries) {
      await step(env, 'cdc', async () => {
        if (!(await changeDataCapture(env, since))) progress.done.push('cdc:fallback');
      });
    }
    if (progress.done.includes('cdc:fallback') || !cdcPossible) {
      for (const entity of ENTITIES)
        await step(env, `changed:${entity}`, () => changedSince(env, entity, since));
    }
  }
  const reconcileDue =
    progress.kind === 'reconcile' ||
    progress.done.includes('cdc:fallback') ||
    progress.done.some((d) => d.startsWith('changed:')) ||
    !env.org.last_reconciled_at ||
    env.now.getTime() - env.org.last_reconciled_at.getTime() >= RECONCILE_EVERY_MS;
  if (reconcileDue) {
    await step(env, 'reconcile:open', async () => {
      // A fresh pass forgets what an earlier one saw; a resumed one (position past 1) keeps it.
      if (env.progress.position === 1) await forgetSeenOpen(env.deps.db, env.org.id);
      await pageThrough(env, 'Invoice', "SELECT * FROM Invoice WHERE Balance > '0'", true);
    });
    await step(env, 'reconcile:missing', () => rereadMissingOpen(env));
  }
}

async function step(env: SyncEnv, name: string, body: () => Promise<void>): Promise<void> {
  if (env.progress.done.includes(name)) return;
  if (env.progress.step !== name) {
    env.progress.step = name;
    env.progress.position = 1;
    env.progress.since = null;
  }
  await body();
  env.progress.done.push(name);
  env.progress.step = null;
  await saveProgress(env.deps.db, env.run.id, env.progress, env.client.calls, env.run.counts);
}

function fullQuery(entity: QboEntity): string {
  // Name-list entities return only active rows unless asked (reference §2.3, pitfall P10).
  return entity === 'Customer'
    ? 'SELECT * FROM Customer WHERE Active IN (true, false)'
    : `SELECT * FROM ${entity}`;
}

function outcome(
  run: RunRecord,
  progress: SyncProgress,
  status: SyncOutcome['status'],
  apiCalls: number,
): SyncOutcome {
  return { syncRunId: run.id, kind: progress.kind, status, apiCalls, counts: { ...run.counts } };
}
