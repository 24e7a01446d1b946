import type { NextFunction, Request, Response } from 'express';
import type { SandboxWorld } from '../world.js';
import { TWILIO_ERRORS, sendTwilioError } from './errors.js';

/**
 * Basic auth with the account SID and auth token, the account in the path must be the caller's, then any fault
 * the control API injected for Twilio.
 */
export function twilioGuard(world: SandboxWorld) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const { accountSid, authToken } = world.apps.twilio;
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.get('authorization') !== expected || req.params['accountSid'] !== accountSid) {
      res.status(401).json({
        code: TWILIO_ERRORS.authenticate,
        detail: 'Your AccountSid or AuthToken was incorrect.',
        message: 'Authenticate',
        more_info: `https://www.twilio.com/docs/errors/${TWILIO_ERRORS.authenticate}`,
        status: 401,
      });
      return;
    }
    const fault = world.takeFault({ provider: 'twilio' });
    switch (fault?.kind) {
      case undefined:
        return next();
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 2_000));
        return next();
      case 'rate-limit':
      case 'rate-limit-day':
        res.set('Retry-After', '1');
        return sendTwilioError(res, 429, TWILIO_ERRORS.tooManyRequests, 'Too Many Requests');
      case 'server-error':
        return sendTwilioError(res, 500, TWILIO_ERRORS.internal, 'Internal Server Error');
      case 'revoked':
        return sendTwilioError(res, 401, TWILIO_ERRORS.authenticate, 'Authenticate');
    }
  };
}

/** A form field as one string (repeated fields give their first value), or null when absent or empty. */
export function field(body: unknown, name: string): string | null {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.length > 0 ? first : null;
}

/** A repeated form field (e.g. StatusCallbackEvent=ringing&StatusCallbackEvent=answered) as a list. */
export function fieldList(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : []));
}
