import type { SendOutcome } from '../types.js';

type Failed = Extract<SendOutcome, { status: 'failed' }>;

interface SendGridErrorShape {
  code?: unknown;
  message?: unknown;
  response?: {
    headers?: Record<string, unknown>;
    body?: { errors?: { field?: unknown; message?: unknown }[] };
  };
}

/**
 * What a rejected `mail.send` means (B26). SendGrid's `errors[]` (field + message) is kept in the message, never
 * just "Forbidden": the user has to see *which* setting is wrong.
 * - 401/403: the account (bad key, unverified sender) — every email of the organisation would fail the same way.
 * - 400: this message only (e.g. `personalizations.0.to.0.email`); retrying it cannot help.
 * - 429 / 5xx / no response: an outage; try again later.
 */
export function sendGridFailure(error: unknown, now: Date): Failed {
  const e = (error ?? {}) as SendGridErrorShape;
  const status = typeof e.code === 'number' ? e.code : null;
  const errors = e.response?.body?.errors ?? [];
  const described = errors
    .map((x) => [x.field, x.message].filter((v) => typeof v === 'string' && v).join(': '))
    .filter(Boolean)
    .join('; ');
  const message = described || (typeof e.message === 'string' && e.message) || 'SendGrid request failed';
  if (status === 401 || status === 403) {
    return { status: 'failed', permanent: true, accountProblem: true, code: `sendgrid_${status}`, message };
  }
  if (status === 429) {
    return {
      status: 'failed',
      permanent: false,
      code: 'sendgrid_429',
      message,
      retryAfterMs: retryAfterFromReset(e.response?.headers?.['x-ratelimit-reset'], now),
    };
  }
  if (status !== null && status >= 400 && status < 500) {
    const recipientField = errors.some(
      (x) => typeof x.field === 'string' && /^personalizations\.\d+\.to/.test(x.field),
    );
    return {
      status: 'failed',
      permanent: true,
      code: `sendgrid_${status}`,
      message,
      recipientProblem: recipientField ? 'invalid_address' : null,
    };
  }
  const network = status === null ? networkCode(error) : null;
  return {
    status: 'failed',
    permanent: false,
    code: status !== null ? `sendgrid_${status}` : `network_${network ?? 'error'}`,
    message,
    retryAfterMs: 5 * 60_000,
  };
}

function retryAfterFromReset(reset: unknown, now: Date): number {
  // X-RateLimit-Reset is a Unix time in seconds; fall back to a minute when it is absent.
  const seconds = typeof reset === 'string' ? Number(reset) : typeof reset === 'number' ? reset : NaN;
  if (!Number.isFinite(seconds)) return 60_000;
  return Math.max(1_000, Math.min(seconds * 1000 - now.getTime(), 3_600_000));
}

function networkCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code.toLowerCase() : null;
}
