import type { Logger } from '../../server/log.js';
import { forceRefresh, withAccessToken, type TokenDeps, type TokenSet } from '../tokens.js';
import { ConnectorError } from '../types.js';
import { errorFor, faultIn, QboFaultError, readFault } from './errors.js';
import { parseJsonKeepingNumbers } from './json.js';
import type { Pacer } from './pacer.js';

/** Sent on every Accounting call: minor versions below 75 are ignored since 2025-08-01 (reference §2.2). */
export const MINOR_VERSION = '75';

export interface QboClientOptions {
  tokens: TokenDeps;
  log: Logger;
  pacer: Pacer;
  /** The configured API base, e.g. https://quickbooks.api.intuit.com or the sandbox's /quickbooks. */
  apiUrl: string;
  connectionId: string;
  realmId: string;
  refresh: (refreshToken: string) => Promise<TokenSet>;
}

export interface QboClient {
  readonly realmId: string;
  /** Calls made through this client, for sync_run.api_calls. */
  readonly calls: number;
  get(path: string, params?: Record<string, string>): Promise<unknown>;
  post(path: string, body: unknown, params?: Record<string, string>): Promise<unknown>;
  /** `SELECT ...` through GET /query; the statement is sent exactly as given. */
  query(statement: string): Promise<unknown>;
}

/**
 * HTTP to the Accounting API for one realm: Bearer token from the token store, one forced refresh and one retry
 * on a 401, per-realm pacing, `minorversion=75` always, and every failure as a ConnectorError — including a
 * Fault inside a 200 (reference §2.5).
 */
export function createQboClient(options: QboClientOptions): QboClient {
  const base = `${options.apiUrl.replace(/\/$/, '')}/v3/company/${encodeURIComponent(options.realmId)}`;
  let calls = 0;

  async function send(method: 'GET' | 'POST', path: string, params: Record<string, string>, body?: unknown) {
    const url = new URL(`${base}/${path.replace(/^\//, '')}`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    url.searchParams.set('minorversion', MINOR_VERSION);
    const attempt = (accessToken: string) =>
      options.pacer.run(options.realmId, async () => {
        calls += 1;
        let response: Response;
        try {
          response = await fetch(url, {
            method,
            headers: {
              Authorization: `Bearer ${accessToken}`,
              Accept: 'application/json',
              ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            signal: AbortSignal.timeout(120_000),
          });
        } catch (error) {
          throw new ConnectorError(
            'quickbooks',
            'transient',
            `QuickBooks unreachable: ${String(error)}`,
            {},
            {
              cause: error,
            },
          );
        }
        const text = await response.text();
        const tid = response.headers.get('intuit_tid');
        if (!response.ok) {
          const error = errorFor(response.status, text, response.headers.get('retry-after'));
          options.log.warn(
            { realmId: options.realmId, path, status: response.status, intuitTid: tid, kind: error.kind },
            error.message,
          );
          return { error, accessToken };
        }
        // A 200 can still carry a Fault, in JSON or XML (B21); a JSON body is parsed once, for both.
        if (text.trimStart().startsWith('<')) {
          if (readFault(text)) return { error: errorFor(400, text, null), accessToken };
        } else {
          let data: unknown;
          try {
            data = parseJsonKeepingNumbers(text);
          } catch {
            data = undefined;
          }
          if (data !== undefined) {
            if (faultIn(data)) return { error: errorFor(400, text, null), accessToken };
            return { data, accessToken };
          }
        }
        throw new QboFaultError('transient', null, `QuickBooks sent a body that is not JSON (${path})`, {
          status: response.status,
        });
      });

    let result = await withAccessToken(options.tokens, options.connectionId, options.refresh, attempt);
    if (result.error?.details.status === 401) {
      // The access token died early (revoked session, clock skew): refresh once and retry once.
      const fresh = await forceRefresh(
        options.tokens,
        options.connectionId,
        result.accessToken,
        options.refresh,
      );
      result = await attempt(fresh.accessToken);
    }
    if (result.error) throw result.error;
    return result.data;
  }

  return {
    realmId: options.realmId,
    get calls() {
      return calls;
    },
    get: (path, params = {}) => send('GET', path, params),
    post: (path, body, params = {}) => send('POST', path, params, body),
    query: (statement) => send('GET', 'query', { query: statement }),
  };
}
