import type { XeroClient } from 'xero-node';
import { forceRefresh, withAccessToken, type TokenDeps } from '../tokens.js';
import type { ConnectorDeps } from '../deps.js';
import { ConnectorError } from '../types.js';
import { createXeroClient, refreshXeroTokens, type XeroConfig } from './client.js';
import { parseXeroError } from './errors.js';
import { PAGE_SIZE } from './fetch-pages.js';
import type { XeroLimiter } from './limits.js';

/**
 * Calls to one Xero organisation during one job: the grant's token (refreshed under the grant's row lock), one
 * xero-node client for this job only, the shared pacing, and the error policy:
 * - 401 TokenExpired: refresh once, retry the call once (B04);
 * - 401/403 otherwise: this organisation needs reconnecting (others on the grant keep going) (B05);
 * - 429 minute: wait Retry-After and make the same call again, so a paged sync resumes at the same page (B21);
 * - 429 day: the organisation is parked until the quota resets (`rate_limited_until`) and the job stops;
 * - 5xx/network: a few retries with backoff.
 */
export interface XeroRuntime {
  limiter: XeroLimiter;
  /** Retries of one call after a minute/concurrent 429 or a 5xx, before giving up. */
  maxRetries: number;
  /** Records per page of list calls (Xero's maximum, 1000, unless a test wants several pages). */
  pageSize?: number;
}

export interface OrgClient {
  organisationId: string;
  tenantId: string;
  connectionId: string;
  /** HTTP calls made to Xero through this client, for sync_run.api_calls. */
  apiCalls: number;
  pageSize: number;
  call<T>(label: string, request: (xero: XeroClient) => Promise<{ response: unknown; body: T }>): Promise<T>;
}

export async function openOrganisation(
  deps: ConnectorDeps,
  config: XeroConfig,
  runtime: XeroRuntime,
  organisationId: string,
): Promise<OrgClient> {
  const org = await deps.db
    .selectFrom('organisation')
    .select(['id', 'provider', 'external_id', 'connection_id', 'status', 'rate_limited_until'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!org || org.provider !== 'xero') {
    throw new ConnectorError('xero', 'not_found', `no Xero organisation ${organisationId}`);
  }
  if (org.status !== 'active' || !org.connection_id) {
    // No call at all for a disconnected organisation until the user reconnects it (B05).
    throw new ConnectorError('xero', 'needs_reconnect', `organisation is ${org.status}`);
  }
  const now = deps.now();
  if (org.rate_limited_until && org.rate_limited_until > now) {
    throw new ConnectorError('xero', 'rate_limited', 'daily Xero quota spent for this organisation', {
      scope: 'day',
      retryAfterMs: org.rate_limited_until.getTime() - now.getTime(),
    });
  }
  return orgClient(deps, config, runtime, {
    organisationId,
    tenantId: org.external_id,
    connectionId: org.connection_id,
  });
}

function orgClient(
  deps: ConnectorDeps,
  config: XeroConfig,
  runtime: XeroRuntime,
  ids: { organisationId: string; tenantId: string; connectionId: string },
): OrgClient {
  const tokenDeps: TokenDeps = { db: deps.db, encryptionKey: deps.encryptionKey, now: deps.now };
  const refresh = (refreshToken: string) => refreshXeroTokens(config, refreshToken, deps.now());
  let client: { token: string; xero: XeroClient } | null = null;
  const clientFor = async (token: string) => {
    if (client?.token !== token)
      client = { token, xero: await createXeroClient(config, { accessToken: token }) };
    return client.xero;
  };

  const self: OrgClient = {
    ...ids,
    apiCalls: 0,
    pageSize: runtime.pageSize ?? PAGE_SIZE,
    async call(label, request) {
      let token = await withAccessToken(tokenDeps, ids.connectionId, refresh, (at) => Promise.resolve(at));
      let refreshed = false;
      for (let attempt = 0; ; attempt += 1) {
        const xero = await clientFor(token);
        const release = await runtime.limiter.acquire(ids.tenantId);
        let raw: unknown;
        try {
          self.apiCalls += 1;
          const result = await request(xero);
          runtime.limiter.observe(ids.tenantId, responseHeaders(result.response));
          return result.body;
        } catch (error) {
          raw = error;
        } finally {
          release();
        }
        const failure = parseXeroError(raw);
        runtime.limiter.observe(ids.tenantId, failure.headers);
        const { error } = failure;
        if (failure.tokenExpired) {
          // One refresh and one retry per call, never a loop (B04); a fresh token refused again is left for later.
          if (refreshed) throw error;
          refreshed = true;
          token = (await forceRefresh(tokenDeps, ids.connectionId, token, refresh)).accessToken;
          continue;
        }
        if (error.kind === 'needs_reconnect') {
          await markOrganisationNeedsReconnect(deps, ids.organisationId, `${label}: ${error.message}`);
          throw error;
        }
        if (error.kind === 'rate_limited' && error.details.scope === 'day') {
          await parkOrganisation(deps, ids.organisationId, error.details.retryAfterMs ?? 3_600_000);
          throw error;
        }
        if (attempt >= runtime.maxRetries) throw error;
        if (error.kind === 'rate_limited') {
          deps.log.info(
            { organisationId: ids.organisationId, label, retryAfterMs: error.details.retryAfterMs },
            'xero 429: waiting',
          );
          runtime.limiter.pause(failure.appWide ? null : ids.tenantId, error.details.retryAfterMs ?? 60_000);
          continue;
        }
        if (error.kind === 'transient') {
          await runtime.limiter.clock.sleep(1000 * 2 ** attempt);
          continue;
        }
        throw error;
      }
    },
  };
  return self;
}

function responseHeaders(response: unknown): Record<string, string> {
  const headers = (response as { headers?: unknown } | null)?.headers;
  if (!headers || typeof headers !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value != null) out[name.toLowerCase()] = String(value);
  return out;
}

/**
 * Only this organisation: the grant may still serve the others (an accountant removing one client in Xero).
 * Its cadence holds because it is no longer 'active'.
 */
export async function markOrganisationNeedsReconnect(
  deps: ConnectorDeps,
  organisationId: string,
  reason: string,
) {
  await deps.db
    .updateTable('organisation')
    .set({ status: 'needs_reconnect', status_reason: reason.slice(0, 500) })
    .where('id', '=', organisationId)
    .where('status', '=', 'active')
    .execute();
  deps.log.warn({ organisationId, reason }, 'xero organisation needs reconnecting');
}

async function parkOrganisation(deps: ConnectorDeps, organisationId: string, retryAfterMs: number) {
  const until = new Date(deps.now().getTime() + retryAfterMs);
  await deps.db
    .updateTable('organisation')
    .set({ rate_limited_until: until })
    .where('id', '=', organisationId)
    .execute();
  deps.log.warn({ organisationId, until }, 'xero daily quota spent: organisation parked');
}
