import { sql } from 'kysely';
import type { Db } from '../server/db/connect.js';
import type { ConnectorDeps } from './deps.js';
import {
  isConnectorError,
  type Connector,
  type Provider,
  type SyncOptions,
  type SyncOutcome,
} from './types.js';

/** An organisation is synced when its last sync is at least this old (DESIGN.md: hourly). */
export const SYNC_INTERVAL_MS = 60 * 60_000;
/** A sync that failed is tried again no sooner than this (a provider outage must not be hammered every tick). */
export const FAILED_RETRY_MS = 15 * 60_000;

export type OrganisationSyncResult =
  | { organisationId: string; status: 'synced'; outcome: SyncOutcome }
  | { organisationId: string; status: 'busy' | 'not_due' | 'no_connector' }
  | { organisationId: string; status: 'failed'; error: string; kind: string | null };

/**
 * The hourly sync job: every active organisation whose last sync is an hour old (or that never synced), skipping
 * those that need reconnecting or are throttled until later. Any number of workers can run it at once: each
 * organisation is claimed with a session advisory lock (not a row lock: the sync itself updates the organisation
 * row from other connections), and re-checked once claimed, so none is synced twice concurrently or twice in an
 * hour. One organisation's failure is recorded and the others go on.
 */
export async function syncDueOrganisations(
  deps: ConnectorDeps,
  connectors: Partial<Record<Provider, Connector>>,
  scheduledAt: Date,
  options: { workerId: string; limit?: number } = { workerId: 'worker' },
): Promise<OrganisationSyncResult[]> {
  const providers = configuredProviders(connectors);
  if (providers.length === 0) return [];
  const candidates = await dueOrganisations(deps.db, providers, scheduledAt, options.limit ?? 500);
  const results: OrganisationSyncResult[] = [];
  for (const candidate of candidates) {
    const result = await withOrganisationLock(deps.db, candidate.id, async () => {
      const stillDue = await dueOrganisations(deps.db, providers, scheduledAt, 1, candidate.id);
      if (stillDue.length === 0) return { organisationId: candidate.id, status: 'not_due' as const };
      return runOne(deps, connectors, candidate, { now: scheduledAt, kind: 'auto' });
    });
    const final = result ?? { organisationId: candidate.id, status: 'busy' as const };
    if (final.status === 'failed') {
      deps.log.warn(
        { organisationId: candidate.id, workerId: options.workerId, error: final.error },
        'sync failed',
      );
    }
    results.push(final);
  }
  return results;
}

/** "Sync now" (button, CLI): runs whatever is due for one organisation unless another worker is already on it. */
export async function syncOrganisationNow(
  deps: ConnectorDeps,
  connectors: Partial<Record<Provider, Connector>>,
  organisationId: string,
  options: SyncOptions,
): Promise<OrganisationSyncResult> {
  const org = await deps.db
    .selectFrom('organisation')
    .select(['id', 'provider'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!org) return { organisationId, status: 'failed', error: 'no such organisation', kind: 'not_found' };
  const result = await withOrganisationLock(deps.db, org.id, () => runOne(deps, connectors, org, options));
  return result ?? { organisationId, status: 'busy' };
}

/**
 * "Sync all now" (CLI `sync --all`): every connected, active organisation of a configured provider, due or not,
 * one after another; one already being synced elsewhere is reported busy. A provider's throttle still applies
 * inside each sync.
 */
export async function syncConnectedOrganisationsNow(
  deps: ConnectorDeps,
  connectors: Partial<Record<Provider, Connector>>,
  options: SyncOptions,
): Promise<OrganisationSyncResult[]> {
  const providers = configuredProviders(connectors);
  if (providers.length === 0) return [];
  const organisations = await deps.db
    .selectFrom('organisation')
    .select(['id', 'provider'])
    .where('status', '=', 'active')
    .where('connection_id', 'is not', null)
    .where('provider', 'in', providers)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const results: OrganisationSyncResult[] = [];
  for (const org of organisations) {
    const result = await withOrganisationLock(deps.db, org.id, () => runOne(deps, connectors, org, options));
    results.push(result ?? { organisationId: org.id, status: 'busy' });
  }
  return results;
}

function configuredProviders(connectors: Partial<Record<Provider, Connector>>): Provider[] {
  return (Object.keys(connectors) as Provider[]).filter((p) => connectors[p]);
}

async function runOne(
  deps: ConnectorDeps,
  connectors: Partial<Record<Provider, Connector>>,
  org: { id: string; provider: Provider },
  options: SyncOptions,
): Promise<OrganisationSyncResult> {
  const connector = connectors[org.provider];
  if (!connector) return { organisationId: org.id, status: 'no_connector' };
  try {
    const outcome = await connector.syncOrganisation(org.id, options);
    return { organisationId: org.id, status: 'synced', outcome };
  } catch (error) {
    return {
      organisationId: org.id,
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
      kind: isConnectorError(error) ? error.kind : null,
    };
  }
}

/**
 * The due organisations, least recently tried first. A failed sync leaves last_sync_at where it was, so ordering by
 * it alone put the organisations that keep failing (a provider's outage) at the head of every tick: with more of
 * them than `limit`, the healthy ones behind were never synced. The last failed attempt (both connectors record a
 * sync_run for every attempt) therefore counts as an attempt for the order, and holds the organisation back for
 * FAILED_RETRY_MS.
 */
async function dueOrganisations(db: Db, providers: Provider[], at: Date, limit: number, onlyId?: string) {
  const dueBefore = new Date(at.getTime() - SYNC_INTERVAL_MS);
  const retryBefore = new Date(at.getTime() - FAILED_RETRY_MS);
  const lastFailure = sql<Date | null>`(
    select max(r.started_at) from sync_run r
    where r.organisation_id = organisation.id and r.status = 'failed'
      and (organisation.last_sync_at is null or r.started_at > organisation.last_sync_at)
  )`;
  let query = db
    .selectFrom('organisation')
    .select(['id', 'provider'])
    .where('status', '=', 'active')
    .where('connection_id', 'is not', null)
    .where('provider', 'in', providers)
    .where((eb) => eb.or([eb('last_sync_at', 'is', null), eb('last_sync_at', '<=', dueBefore)]))
    .where((eb) => eb.or([eb('rate_limited_until', 'is', null), eb('rate_limited_until', '<=', at)]))
    .where((eb) => eb.or([eb(lastFailure, 'is', null), eb(lastFailure, '<=', retryBefore)]))
    .orderBy(sql`greatest(last_sync_at, ${lastFailure}) nulls first`)
    // Organisations that failed in the same tick tie on that: the one synced longest ago goes first.
    .orderBy(sql`last_sync_at nulls first`)
    .orderBy('id')
    .limit(limit);
  if (onlyId) query = query.where('id', '=', onlyId);
  return query.execute();
}

/**
 * Runs `task` holding a session advisory lock on the organisation, on one pinned connection. Returns null when
 * another process holds it.
 */
async function withOrganisationLock<T>(
  db: Db,
  organisationId: string,
  task: () => Promise<T>,
): Promise<T | null> {
  return db.connection().execute(async (conn) => {
    const key = sql`hashtextextended(${`dunwise:sync:${organisationId}`}, 0)`;
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${key}) as locked`.execute(
      conn,
    );
    if (!rows[0]?.locked) return null;
    try {
      return await task();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(conn);
    }
  });
}
