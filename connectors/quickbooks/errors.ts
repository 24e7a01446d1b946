import { ConnectorError, type ConnectorErrorKind } from '../types.js';
import { parseJsonKeepingNumbers } from './json.js';
import { FaultSchema, type QboFault } from './schemas.js';

/** A QuickBooks Fault, with its code ('5010' stale object, '610' not found, '3001' throttled...). */
export class QboFaultError extends ConnectorError {
  constructor(
    kind: ConnectorErrorKind,
    readonly faultCode: string | null,
    message: string,
    details: ConnectorError['details'] = {},
  ) {
    super('quickbooks', kind, message, details);
    this.name = 'QboFaultError';
  }
}

export const DEFAULT_THROTTLE_WAIT_MS = 60_000;

/**
 * Reads a Fault from any body QuickBooks sends: JSON `Fault` (also inside a 200), the gateway's lowercase
 * `fault`, or XML (the throttle reply is often XML even with Accept: application/json — pitfall B21).
 */
export function readFault(body: string): QboFault | null {
  const text = body.trim();
  if (text.startsWith('<')) return readXmlFault(text);
  try {
    return faultIn(parseJsonKeepingNumbers(text));
  } catch {
    return null;
  }
}

/** The Fault in an already parsed JSON body (`Fault`, or the gateway's lowercase `fault`), if any. */
export function faultIn(parsed: unknown): QboFault | null {
  if (!parsed || typeof parsed !== 'object') return null;
  const record = parsed as Record<string, unknown>;
  if (record['Fault']) {
    const fault = FaultSchema.safeParse(record['Fault']);
    return fault.success ? fault.data : { Error: [], type: 'unknown' };
  }
  if (record['fault'] && typeof record['fault'] === 'object') {
    // The gateway's shape, read defensively: a body we cannot make sense of is still a fault, never a TypeError.
    const lower = record['fault'] as { error?: unknown; type?: unknown };
    const errors = Array.isArray(lower.error) ? (lower.error as unknown[]) : [];
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return {
      type: text(lower.type),
      Error: errors.map((e) => {
        const item = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
        return { Message: text(item['message']), Detail: text(item['detail']), code: text(item['code']) };
      }),
    };
  }
  return null;
}

function readXmlFault(xml: string): QboFault | null {
  if (!/<Fault\b/i.test(xml)) return null;
  const type = /<Fault[^>]*\btype="([^"]*)"/i.exec(xml)?.[1];
  const code = /<Error[^>]*\bcode="([^"]*)"/i.exec(xml)?.[1];
  const message = /<Message>([\s\S]*?)<\/Message>/i.exec(xml)?.[1];
  const detail = /<Detail>([\s\S]*?)<\/Detail>/i.exec(xml)?.[1];
  return { type, Error: [{ code, Message: message, Detail: detail }] };
}

/** Turns an HTTP status plus body into the ConnectorError the rest of Dunwise understands. */
export function errorFor(status: number, body: string, retryAfterHeader: string | null): QboFaultError {
  const fault = readFault(body);
  const first = fault?.Error[0];
  const code = first?.code ? first.code.replace(/^0+/, '') : null;
  const text =
    [first?.Message, first?.Detail].filter(Boolean).join(': ') || body.slice(0, 200) || `HTTP ${status}`;
  const message = `QuickBooks ${status}${code ? ` (${code})` : ''}: ${text}`;
  const throttled = status === 429 || code === '3001' || /ThrottleExceeded/i.test(text);
  if (throttled) {
    return new QboFaultError('rate_limited', code, message, {
      status,
      scope: 'minute',
      retryAfterMs: retryAfterMs(retryAfterHeader),
    });
  }
  if (status === 401 || code === '3200' || code === '100') {
    return new QboFaultError('needs_reconnect', code, message, { status });
  }
  if (status >= 500) return new QboFaultError('transient', code, message, { status });
  if (code === '610' || /Object Not Found/i.test(text))
    return new QboFaultError('not_found', code, message, { status });
  return new QboFaultError('rejected', code, message, { status });
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_THROTTLE_WAIT_MS;
}
