import { ConnectorError } from '../types.js';

/**
 * xero-node rejects with a JSON *string* (`{"response":{"statusCode","body","headers"},"body"}`) from the
 * accounting API, with a redacted axios error from XeroClient's own calls, and with plain Errors from openid-client.
 * Everything is parsed here, once, into a ConnectorError plus the few facts the caller acts on.
 */
export interface XeroFailure {
  error: ConnectorError;
  status: number;
  /** 401 TokenExpired: refresh once and retry the call once (B04). */
  tokenExpired: boolean;
  /** 429 on the app-wide minute limit: every organisation must wait, not just this one. */
  appWide: boolean;
  headers: Record<string, string>;
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function parseXeroError(raw: unknown): XeroFailure {
  if (raw instanceof ConnectorError) {
    return { error: raw, status: raw.details.status ?? 0, tokenExpired: false, appWide: false, headers: {} };
  }
  const response = rawResponse(raw);
  if (!response || response.status === 0) {
    const message = response ? describeBody(response.body) : raw instanceof Error ? raw.message : String(raw);
    return failure(
      new ConnectorError('xero', 'transient', `xero unreachable: ${message}`, {}, { cause: raw }),
      0,
    );
  }
  const { status, headers, body } = response;
  const detail = describeBody(body);
  const at = (kind: ConstructorParameters<typeof ConnectorError>[1], extra: ConnectorError['details'] = {}) =>
    new ConnectorError('xero', kind, `xero ${status}: ${detail}`, { status, ...extra }, { cause: raw });
  if (status === 401 && /TokenExpired/i.test(detail)) {
    return { ...failure(at('transient'), status, headers), tokenExpired: true };
  }
  // A connection removed inside Xero, a deleted organisation or a scope this grant no longer has (B05).
  if (status === 401 || status === 403) return failure(at('needs_reconnect'), status, headers);
  if (status === 429) {
    const problem = (headers['x-rate-limit-problem'] ?? '').toLowerCase();
    const scope = problem.startsWith('day') ? 'day' : problem === 'concurrent' ? 'concurrent' : 'minute';
    const seconds = Number(headers['retry-after']);
    const retryAfterMs =
      Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : scope === 'day' ? 3_600_000 : 60_000;
    return {
      ...failure(at('rate_limited', { scope, retryAfterMs }), status, headers),
      appWide: problem === 'appminute',
    };
  }
  if (status === 404) return failure(at('not_found'), status, headers);
  if (status >= 500) return failure(at('transient'), status, headers);
  return failure(at('rejected'), status, headers);
}

function failure(error: ConnectorError, status: number, headers: Record<string, string> = {}): XeroFailure {
  return { error, status, tokenExpired: false, appWide: false, headers };
}

function rawResponse(raw: unknown): RawResponse | null {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== 'object') return null;
  const response = (value as { response?: Record<string, unknown> }).response;
  if (!response || typeof response !== 'object') return null;
  // xero-node's ApiError uses statusCode/body; axios errors and non-2xx resolutions use status/data.
  const status = Number(response.statusCode ?? response.status ?? 0);
  const body = 'body' in response ? response.body : response.data;
  return { status, headers: lowerCaseHeaders(response.headers), body };
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers || typeof headers !== 'object') return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null) out[name.toLowerCase()] = String(value);
  }
  return out;
}

/** Xero's own words: validation messages for a ValidationException, else the problem Detail or Message. */
export function describeBody(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 500) || 'no details';
  if (!body || typeof body !== 'object') return 'no details';
  const b = body as {
    Message?: string;
    Detail?: string;
    Title?: string;
    Elements?: { ValidationErrors?: { Message?: string }[] }[];
    error?: string;
    message?: string;
  };
  const validation = (b.Elements ?? [])
    .flatMap((e) => e.ValidationErrors ?? [])
    .map((v) => v.Message)
    .filter((m): m is string => Boolean(m));
  if (validation.length > 0) return [...new Set(validation)].join('; ');
  return b.Detail ?? b.Message ?? b.Title ?? b.error ?? b.message ?? JSON.stringify(body).slice(0, 500);
}
