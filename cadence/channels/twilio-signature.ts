import type { NextFunction, Request, Response } from 'express';
import twilio from 'twilio';
import type { Logger } from '../../server/log.js';

/**
 * Checks `X-Twilio-Signature` against the PUBLIC URL Twilio called — `appUrl` + the original path and query —
 * not the URL this process saw: behind a TLS-terminating proxy the request arrives as plain http on another
 * host (B22's Twilio twin). The router receives the raw Buffer, so the form is parsed here. On success the
 * parameters are in `res.locals.twilio`; otherwise 403 and nothing else happens.
 */
export function verifyTwilioRequest(authToken: string, appUrl: string, log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const body: unknown = req.body;
    const raw = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : null;
    if (raw === null) {
      log.error(
        { path: req.path },
        'Twilio webhook body was parsed before verification; mount it with express.raw',
      );
      res.status(400).end();
      return;
    }
    const params: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(raw)) params[key] = value;
    const signature = req.get('x-twilio-signature') ?? '';
    const url = appUrl + req.originalUrl;
    if (!signature || !twilio.validateRequest(authToken, signature, url, params)) {
      log.warn({ path: req.path }, 'Twilio webhook with a bad signature refused');
      res.status(403).end();
      return;
    }
    res.locals['twilio'] = params;
    next();
  };
}

export function twilioParams(res: Response): Record<string, string> {
  return res.locals['twilio'] as Record<string, string>;
}
