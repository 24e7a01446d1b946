import type { SendOutcome } from './types.js';

type Failed = Extract<SendOutcome, { status: 'failed' }>;

/** Twilio error codes that say something about the recipient (twilio.com/docs/errors). */
export const TWILIO_RECIPIENT_ERRORS = {
  21211: 'invalid_address',
  21614: 'not_mobile',
  21610: 'opted_out',
} as const;

/**
 * What a rejected `messages.create` / `calls.create` means. Never thrown further: one bad number must not stop a
 * run (B24), and a Twilio outage makes the delivery wait and retry.
 */
export function twilioFailure(error: unknown): Failed {
  const e = (error ?? {}) as { status?: unknown; code?: unknown; message?: unknown };
  const status = typeof e.status === 'number' ? e.status : null;
  const code = typeof e.code === 'number' ? e.code : null;
  const message = typeof e.message === 'string' && e.message ? e.message : 'Twilio request failed';
  const known =
    code !== null ? TWILIO_RECIPIENT_ERRORS[code as keyof typeof TWILIO_RECIPIENT_ERRORS] : undefined;
  if (known)
    return { status: 'failed', permanent: true, code: `twilio_${code}`, message, recipientProblem: known };
  if (status === 401 || status === 403) {
    return {
      status: 'failed',
      permanent: true,
      accountProblem: true,
      code: `twilio_${code ?? status}`,
      message,
    };
  }
  if (status === 429) {
    return {
      status: 'failed',
      permanent: false,
      code: `twilio_${code ?? 429}`,
      message,
      retryAfterMs: 60_000,
    };
  }
  if (status !== null && status >= 400 && status < 500) {
    return { status: 'failed', permanent: true, code: `twilio_${code ?? status}`, message };
  }
  const network = typeof e.code === 'string' ? e.code.toLowerCase() : 'error';
  return {
    status: 'failed',
    permanent: false,
    code: status !== null ? `twilio_${code ?? status}` : `network_${network}`,
    message,
    retryAfterMs: 5 * 60_000,
  };
}

/** Twilio prices are negative decimal strings ('-0.00750'): the cost is their absolute value. */
export function twilioCost(price: unknown, unit: unknown): { amount: string; currency: string } | null {
  if (typeof price !== 'string' || !/^-?\d+(\.\d+)?$/.test(price) || typeof unit !== 'string') return null;
  return { amount: price.replace(/^-/, ''), currency: unit.toUpperCase() };
}
