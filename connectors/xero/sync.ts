import { DateTime } from 'luxon';
import type { ConnectorDeps } from '../deps.js';
import { linkInvoicesToCustomers } from '../store.js';
import type { SyncOptions, SyncOutcome } from '../types.js';
import type { XeroConfig } from './client.js';
import { openOrganisation, type OrgClient, type XeroRuntime } from './org-client.js';
import { reconcileOpenInvoices } from './reconcile.js';
import { syncChanges, type SyncPass } from './sync-entities.js';

/** Re-ask for this much before the last change seen: If-Modified-Since is to the second, and the entities of one
 * run are read minutes apart (B08, P13). Upserts are idempotent, so the overlap costs nothing but bytes. */
export const WATERMARK_OVERLAP_MS = 5 * 60_000;
/**
 * Open invoices are re-read in full about once a day (P12). So are overpayments and prepayments (credit on account):
 * hourly, they are read only when contacts, invoices, credit notes or payments changed, which keeps an unchanged
 * organisation's hourly sync at four calls instead of six. A new overpayment is usually allocated to an invoice (a
 * change seen hourly); one entered on its own in an otherwise quiet organisation waits for the next busy hour or
 * the daily reconciliation before it holds the customer.
 */
const RECONCILE_EVERY_MS = 20 * 3_600_000;

type RunKind = SyncOutcome['kind'];

/**
 * Brings one organisation up to date: a full paged sync the first time (or when asked), otherwise changes since
 * the watermark, plus the open-invoice reconciliation when it is due. Records a sync_run either way.
 */
export async function syncXeroOrganisation(
  deps: ConnectorDeps,
  config: XeroConfig,
  runtime: XeroRuntime,
  organisationId: string,
  options: SyncOptions,
): Promise<SyncOutcome> {
  const row = await deps.db
    .selectFrom('organisation')
    .select(['sync_watermark', 'full_sync_completed_at', 'last_reconciled_at', 'time_zone', 'country'])
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const requested = options.kind ?? 'auto';
  const kind: RunKind =
    requested === 'full' || !row.full_sync_completed_at
      ? 'full'
      : requested === 'reconcile' ||
          (requested === 'auto' &&
            (!row.last_reconciled_at ||
              options.now.getTime() - row.last_reconciled_at.getTime() >= RECONCILE_EVERY_MS))
        ? 'reconcile'
        : 'incremental';
  const since = kind === 'full' ? null : row.sync_watermark;

  return recordRun(
    deps,
    organisationId,
    kind,
    options.now,
    row.sync_watermark,
    async (pass) => {
      await syncChanges(pass, since, kind === 'incremental' ? 'when-active' : 'always');
      if (kind === 'reconcile') await reconcileOpenInvoices(pass);
    },
    {
      initialSync: !row.full_sync_completed_at,
      timeZone: row.time_zone,
      country: row.country,
      config,
      runtime,
    },
  );
}

export interface RunContext {
  initialSync: boolean;
  timeZone: string;
  country: string | null;
  config: XeroConfig;
  runtime: XeroRuntime;
}

/** Opens the organisation, runs `work`, and records the sync_run, the watermark and the organisation's cursors. */
export async function recordRun(
  deps: ConnectorDeps,
  organisationId: string,
  kind: RunKind,
  now: Date,
  watermarkBefore: Date | null,
  work: (pass: SyncPass) => Promise<void>,
  context: RunContext,
): Promise<SyncOutcome> {
  const run = await deps.db
    .insertInto('sync_run')
    .values({ organisation_id: organisationId, kind, started_at: now, watermark_before: watermarkBefore })
    .returning('id')
    .executeTakeFirstOrThrow();
  const startedAt = deps.now();
  let org: OrgClient | null = null;
  let outcome: SyncOutcome;
  const counts: Record<string, number> = {};
  try {
    org = await openOrganisation(deps, context.config, context.runtime, organisationId);
    const pass: SyncPass = {
      deps,
      org,
      country: context.country,
      initialSync: context.initialSync && kind === 'full',
      today:
        DateTime.fromJSDate(now, { zone: context.timeZone }).toISODate() ?? now.toISOString().slice(0, 10),
      counts,
      maxUpdated: null,
      pageFloor: null,
    };
    await work(pass);
    await linkInvoicesToCustomers(deps.db, organisationId);
    const dayRemaining = context.runtime.limiter.dayRemaining(org.tenantId);
    if (dayRemaining !== null) counts.dayRemaining = dayRemaining;
    // The run's own duration widens the overlap: entities read minutes apart must not leave a gap (B08).
    const overlap = WATERMARK_OVERLAP_MS + Math.max(0, deps.now().getTime() - startedAt.getTime());
    // A webhook fetch sees a few records only: moving the watermark on them would skip everything else.
    let candidate =
      pass.maxUpdated && kind !== 'webhook' ? new Date(pass.maxUpdated.getTime() - overlap) : null;
    if (candidate && pass.pageFloor && pass.pageFloor.getTime() - 1000 < candidate.getTime()) {
      candidate = new Date(pass.pageFloor.getTime() - 1000);
    }
    const watermarkAfter =
      candidate && (!watermarkBefore || candidate > watermarkBefore) ? candidate : watermarkBefore;
    const status = (counts.skipped ?? 0) > 0 ? 'partial' : 'succeeded';
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('sync_run')
        .set({
          status,
          finished_at: deps.now(),
          api_calls: org!.apiCalls,
          counts: JSON.stringify(counts),
          watermark_after: watermarkAfter,
        })
        .where('id', '=', run.id)
        .execute();
      await trx
        .updateTable('organisation')
        .set({
          sync_watermark: watermarkAfter,
          ...(kind === 'webhook' ? {} : { last_sync_at: now }),
          rate_limited_until: null,
          ...(kind === 'full' ? { full_sync_completed_at: now, last_reconciled_at: now } : {}),
          ...(kind === 'reconcile' ? { last_reconciled_at: now } : {}),
        })
        .where('id', '=', organisationId)
        .execute();
    });
    outcome = { syncRunId: run.id, kind, status, apiCalls: org.apiCalls, counts };
  } catch (error) {
    await deps.db
      .updateTable('sync_run')
      .set({
        status: 'failed',
        finished_at: deps.now(),
        api_calls: org?.apiCalls ?? 0,
        counts: JSON.stringify(counts),
        error: error instanceof Error ? error.message.slice(0, 1000) : String(error),
      })
      .where('id', '=', run.id)
      .execute();
    throw error;
  }
  // The sync itself succeeded and is recorded; what the cadence does with it must not undo that.
  try {
    await deps.afterSync?.(organisationId, now);
  } catch (error) {
    deps.log.error({ organisationId, err: error }, 'afterSync failed after a xero sync');
  }
  return outcome;
}
