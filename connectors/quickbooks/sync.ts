import { DateTime } from 'luxon';
import type { OrganisationRow } from '../../server/db/schema.js';
import type { ConnectorDeps } from '../deps.js';
import { linkInvoicesToCustomers } from '../store.js';
import { ConnectorError, isConnectorError, type SyncOptions, type SyncOutcome } from '../types.js';
import type { QboClient } from './client.js';
import type { MapContext } from './map.js';
import { addRecords, emptyBatch, ENTITIES, storeBatch, type QboEntity, type RecordBatch } from './records.js';
import { CdcResponseSchema, QueryResponseSchema } from './schemas.js';
import {
  finishRun,
  resumableProgress,
  saveProgress,
  startRun,
  type RunRecord,
  type SyncProgress,
} from './sync-run.js';

export const PAGE_SIZE = 1000;
/** CDC looks back 30 days at most; past 29 we use time-bounded queries instead (pitfall B09). */
export const CDC_WINDOW_MS = 29 * 86_400_000;
/** CDC answers at most 1,000 objects; a response that full may have been cut (reference §2.4). */
export const CDC_CAP = 1000;
/** Changes are asked for from a little before the watermark: commits land out of order near the boundary. */
export const WATERMARK_OVERLAP_MS = 5 * 60_000;
export const RECONCILE_EVERY_MS = 24 * 3_600_000;
const ID_CHUNK = 100;

interface SyncEnv {
  deps: ConnectorDeps;
  client: QboClient;
  org: OrganisationRow;
  map: MapContext;
  now: Date;
  run: RunRecord;
  progress: SyncProgress;
}

/**
 * One sync of a QuickBooks company (connectors/types.ts `syncOrganisation`): full on first connect, else CDC
 * (or time-bounded queries past CDC's window or cap), plus the daily reconciliation of open invoices. Every page
 * is stored (set-based) and the progress saved before the next request, so a 429 stops the run where it was and
 * the next run resumes there. The watermark is the server's own `time` from the run's first response — never our
 * clock — and is stored only when every step has committed.
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
  const base = { done: [], step: null, position: 1, since: null, watermark: null, seenOpen: [] };
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
    await step(env, 'reconcile:open', () =>
      pageThrough(env, 'Invoice', "SELECT * FROM Invoice WHERE Balance > '0'", true),
    );
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

/**
 * Pages with 1-based STARTPOSITION and MAXRESULTS 1000 until a short or empty page (pitfall B06: an exact
 * multiple of the page size ends with an empty page, which is not an error).
 */
async function pageThrough(
  env: SyncEnv,
  entity: QboEntity,
  statement: string,
  collectOpen = false,
): Promise<void> {
  for (;;) {
    const items = await queryPage(
      env,
      entity,
      `${statement} STARTPOSITION ${env.progress.position} MAXRESULTS ${PAGE_SIZE}`,
    );
    const batch = emptyBatch();
    addRecords(batch, entity, items, env.map, env.deps.log);
    if (collectOpen) env.progress.seenOpen.push(...batch.invoices.map((i) => i.externalId));
    await store(env, batch);
    if (items.length < PAGE_SIZE) return;
    env.progress.position += PAGE_SIZE;
    await saveProgress(env.deps.db, env.run.id, env.progress, env.client.calls, env.run.counts);
  }
}

/**
 * Time-bounded paging (CDC window exceeded or capped). Ordered by LastUpdatedTime and re-anchored on the latest
 * time of each full page, so a record updated mid-paging moves later and is still read (pitfall P8); a page whose
 * records all share one second advances by position instead, so it cannot loop.
 */
async function changedSince(env: SyncEnv, entity: QboEntity, since: Date): Promise<void> {
  env.progress.since ??= since.toISOString();
  for (;;) {
    const bound = `Metadata.LastUpdatedTime >= '${qboInstant(new Date(env.progress.since))}'`;
    const where = entity === 'Customer' ? `${bound} AND Active IN (true, false)` : bound;
    const items = await queryPage(
      env,
      entity,
      `SELECT * FROM ${entity} WHERE ${where} ORDERBY Metadata.LastUpdatedTime STARTPOSITION ${env.progress.position} MAXRESULTS ${PAGE_SIZE}`,
    );
    const batch = emptyBatch();
    addRecords(batch, entity, items, env.map, env.deps.log);
    await store(env, batch);
    if (items.length < PAGE_SIZE) return;
    const anchor = new Date(env.progress.since);
    if (batch.maxUpdated && batch.maxUpdated > anchor) {
      env.progress.since = batch.maxUpdated.toISOString();
      env.progress.position = 1;
    } else {
      env.progress.position += PAGE_SIZE;
    }
    await saveProgress(env.deps.db, env.run.id, env.progress, env.client.calls, env.run.counts);
  }
}

/** One CDC call for every entity, deletions included. Returns false when the caller must fall back to queries. */
async function changeDataCapture(env: SyncEnv, since: Date): Promise<boolean> {
  let body: unknown;
  try {
    body = await env.client.get('cdc', { entities: ENTITIES.join(','), changedSince: qboInstant(since) });
  } catch (error) {
    // "changedSince ... older than fixed days is not supported": the window closed; queries cover it.
    if (isConnectorError(error, 'rejected') && /older than|changedSince/i.test(error.message)) return false;
    throw error;
  }
  const parsed = CdcResponseSchema.parse(body);
  noteServerTime(env, parsed.time);
  const batch = emptyBatch();
  let objects = 0;
  for (const block of parsed.CDCResponse) {
    for (const response of block.QueryResponse ?? []) {
      for (const entity of ENTITIES) {
        const items = response[entity];
        if (!Array.isArray(items)) continue;
        objects += items.length;
        addRecords(batch, entity, items, env.map, env.deps.log);
      }
    }
  }
  if (objects >= CDC_CAP) {
    env.deps.log.info({ objects }, 'CDC response at its cap; reading the window with paged queries instead');
    env.progress.watermark = null;
    return false;
  }
  await reopenInvoicesOfDeletedPayments(env, batch);
  await store(env, batch);
  return true;
}

/**
 * A deleted payment gives its invoices their balance back. QuickBooks usually reports those invoices as changed
 * too; when it does not (or they fell outside the response), they are re-read so they re-enter the cadence.
 */
async function reopenInvoicesOfDeletedPayments(env: SyncEnv, batch: RecordBatch): Promise<void> {
  const deletedPayments = batch.deleted.filter((d) => d.entity === 'payment').map((d) => d.externalId);
  if (deletedPayments.length === 0) return;
  const rows = await env.deps.db
    .selectFrom('payment')
    .select('invoice_external_ids')
    .where('organisation_id', '=', env.org.id)
    .where('external_id', 'in', deletedPayments)
    .execute();
  const present = new Set(batch.invoices.map((i) => i.externalId));
  const ids = [...new Set(rows.flatMap((r) => r.invoice_external_ids))].filter((id) => !present.has(id));
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    const items = await queryPage(
      env,
      'Invoice',
      `SELECT * FROM Invoice WHERE Id IN (${chunk.map(quote).join(', ')})`,
    );
    addRecords(batch, 'Invoice', items, env.map, env.deps.log);
  }
}

/**
 * Open invoices we hold that the open-invoice query did not return were paid, voided or deleted without our
 * noticing: re-read them by Id, and what QuickBooks no longer returns is deleted (pitfall B10).
 */
async function rereadMissingOpen(env: SyncEnv): Promise<void> {
  const seen = new Set(env.progress.seenOpen);
  const open = await env.deps.db
    .selectFrom('invoice')
    .select('external_id')
    .where('organisation_id', '=', env.org.id)
    .where('status', '=', 'open')
    .execute();
  const missing = open.map((r) => r.external_id).filter((id) => !seen.has(id));
  for (let i = 0; i < missing.length; i += ID_CHUNK) {
    const chunk = missing.slice(i, i + ID_CHUNK);
    const items = await queryPage(
      env,
      'Invoice',
      `SELECT * FROM Invoice WHERE Id IN (${chunk.map(quote).join(', ')})`,
    );
    const batch = emptyBatch();
    addRecords(batch, 'Invoice', items, env.map, env.deps.log);
    const returned = new Set(batch.invoices.map((inv) => inv.externalId));
    for (const id of chunk) if (!returned.has(id)) batch.deleted.push({ entity: 'invoice', externalId: id });
    await store(env, batch);
  }
}

async function queryPage(env: SyncEnv, entity: QboEntity, statement: string): Promise<unknown[]> {
  const parsed = QueryResponseSchema.parse(await env.client.query(statement));
  noteServerTime(env, parsed.time);
  const items = parsed.QueryResponse[entity];
  return Array.isArray(items) ? (items as unknown[]) : [];
}

/** The first server `time` of a run becomes its watermark (minus the overlap when next used). */
function noteServerTime(env: SyncEnv, time: string | undefined): void {
  if (env.progress.watermark || !time) return;
  const at = new Date(time);
  if (!Number.isNaN(at.getTime())) env.progress.watermark = at.toISOString();
}

async function store(env: SyncEnv, batch: RecordBatch): Promise<void> {
  const today = DateTime.fromJSDate(env.now, { zone: env.org.time_zone }).toISODate()!;
  const counts = await env.deps.db
    .transaction()
    .execute((trx) =>
      storeBatch(trx, env.org.id, batch, { initialSync: env.progress.kind === 'full', today }),
    );
  env.run.add('records', counts.records);
  env.run.add('written', counts.written);
  env.run.add('deleted', counts.deleted);
  env.run.add('skipped', counts.skipped);
  env.run.add('invoices', batch.invoices.length);
  env.run.add('payments', batch.payments.length);
  env.run.add('customers', batch.customers.length);
  env.run.add('credits', batch.credits.length);
}

function outcome(
  run: RunRecord,
  progress: SyncProgress,
  status: SyncOutcome['status'],
  apiCalls: number,
): SyncOutcome {
  return { syncRunId: run.id, kind: progress.kind, status, apiCalls, counts: { ...run.counts } };
}

/** QuickBooks accepts ISO instants with an offset; whole seconds, as its own MetaData. */
export function qboInstant(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/** A query string literal: backslash-escaped quotes (reference §2.3). */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
