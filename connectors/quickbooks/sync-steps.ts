import { DateTime } from 'luxon';
import type { OrganisationRow } from '../../server/db/schema.js';
import type { ConnectorDeps } from '../deps.js';
import { settledLater, WriteBehind } from '../prefetch.js';
import { forgetSeenOpen, markSeenOpen, openNotSeen } from '../reconcile-seen.js';
import { isConnectorError } from '../types.js';
import type { QboClient } from './client.js';
import type { MapContext } from './map.js';
import { addRecords, emptyBatch, ENTITIES, storeBatch, type QboEntity, type RecordBatch } from './records.js';
import { CdcResponseSchema, QueryResponseSchema } from './schemas.js';
import { saveProgress, type RunRecord, type SyncProgress } from './sync-run.js';

/** The steps of a QuickBooks sync (sync.ts runs them in order): paging, time-bounded paging, CDC, reconciliation. */
export const PAGE_SIZE = 1000;
/** CDC answers at most 1,000 objects; a response that full may have been cut (reference §2.4). */
export const CDC_CAP = 1000;
const ID_CHUNK = 100;

export interface SyncEnv {
  deps: ConnectorDeps;
  client: QboClient;
  org: OrganisationRow;
  map: MapContext;
  now: Date;
  run: RunRecord;
  progress: SyncProgress;
}

/**
 * Pages with 1-based STARTPOSITION and MAXRESULTS 1000 until a short or empty page (pitfall B06: an exact
 * multiple of the page size ends with an empty page, which is not an error). The next page is asked for while
 * this one is mapped, and a page is stored while the next is read and mapped (WriteBehind), so the provider's
 * time, ours and the database's overlap (one more request in flight, well within the realm's 10; memory stays
 * three pages). Progress is saved only after a page is stored, so a resumed sync starts at the first page not
 * stored.
 */
export async function pageThrough(
  env: SyncEnv,
  entity: QboEntity,
  statement: string,
  collectOpen = false,
): Promise<void> {
  const pageAt = (position: number) =>
    settledLater(queryPage(env, entity, `${statement} STARTPOSITION ${position} MAXRESULTS ${PAGE_SIZE}`));
  const writes = new WriteBehind();
  let position = env.progress.position;
  let next = pageAt(position);
  try {
    for (;;) {
      const items = await next;
      const full = items.length >= PAGE_SIZE;
      const pageStart = position;
      position += PAGE_SIZE;
      if (full) next = pageAt(position);
      const batch = emptyBatch();
      addRecords(batch, entity, items, env.map, env.deps.log);
      await writes.push(async () => {
        if (collectOpen)
          await markSeenOpen(
            env.deps.db,
            env.org.id,
            batch.invoices.map((i) => i.externalId),
          );
        await store(env, batch);
        if (!full) return;
        env.progress.position = pageStart + PAGE_SIZE;
        await saveProgress(env.deps.db, env.run.id, env.progress, env.client.calls, env.run.counts);
      });
      if (!full) return await writes.drain();
    }
  } catch (error) {
    throw (await writes.failure()) ?? error;
  }
}

/**
 * Time-bounded paging (CDC window exceeded or capped). Ordered by LastUpdatedTime and re-anchored on the latest
 * time of each full page, so a record updated mid-paging moves later and is still read (pitfall P8); a page whose
 * records all share one second advances by position instead, so it cannot loop.
 */
export async function changedSince(env: SyncEnv, entity: QboEntity, since: Date): Promise<void> {
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
export async function changeDataCapture(env: SyncEnv, since: Date): Promise<boolean> {
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
export async function rereadMissingOpen(env: SyncEnv): Promise<void> {
  const missing = await openNotSeen(env.deps.db, env.org.id);
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
  await forgetSeenOpen(env.deps.db, env.org.id);
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

/** QuickBooks accepts ISO instants with an offset; whole seconds, as its own MetaData. */
export function qboInstant(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/** A query string literal: backslash-escaped quotes (reference §2.3). */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
