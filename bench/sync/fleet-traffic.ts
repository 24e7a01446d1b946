import type { NextFunction, Request, Response } from 'express';

/** What the sandbox saw of one provider's API: request count, 429s, and the peaks of concurrency and rate. */
export interface ProviderTraffic {
  requests: number;
  /** Answers with status 429: the provider's limit refused the request. */
  tooMany: number;
  /** Those 429s by the limit Xero names in X-Rate-Limit-Problem (minute, day, appminute, concurrent). */
  tooManyBy: Record<string, number>;
  /** Answers with any other 4xx/5xx status. */
  errors: number;
  peakInFlight: number;
  /** Most requests started within one wall-clock second. */
  peakPerSecond: number;
  /** Most requests started within one wall-clock minute (aligned minutes). */
  peakPerMinute: number;
}

const PROVIDERS: [prefix: string, name: string][] = [
  ['/quickbooks/', 'quickbooks'],
  ['/intuit/', 'quickbooks-oauth'],
  ['/xero/api/', 'xero'],
  ['/xero/identity/', 'xero-identity'],
  ['/sendgrid/', 'sendgrid'],
  ['/twilio/', 'twilio'],
];

interface Counter extends ProviderTraffic {
  inFlight: number;
  second: number;
  inSecond: number;
  minute: number;
  inMinute: number;
}

/**
 * Express middleware that counts, per provider, what the sandbox answered: the bench reports whether limits were
 * hit (429s from the stand-ins that enforce them: QuickBooks per realm, Xero per tenant and per app) and how hard
 * the unenforced ones (SendGrid, Twilio) were driven (peak concurrency and rate).
 */
export function createTrafficCounter(): {
  middleware: (req: Request, res: Response, next: NextFunction) => void;
  snapshot: () => Record<string, ProviderTraffic>;
  /** Forgets what was counted (the setup's traffic), so the snapshot covers the measured phase only. */
  reset: () => void;
} {
  const counters = new Map<string, Counter>();
  const counterFor = (name: string): Counter => {
    let c = counters.get(name);
    if (!c) {
      c = {
        requests: 0,
        tooMany: 0,
        tooManyBy: {},
        errors: 0,
        peakInFlight: 0,
        peakPerSecond: 0,
        peakPerMinute: 0,
        inFlight: 0,
        second: 0,
        inSecond: 0,
        minute: 0,
        inMinute: 0,
      };
      counters.set(name, c);
    }
    return c;
  };
  return {
    middleware(req, res, next) {
      const provider = PROVIDERS.find(([prefix]) => req.path.startsWith(prefix))?.[1];
      if (!provider) return next();
      const c = counterFor(provider);
      const now = Date.now();
      const second = Math.floor(now / 1000);
      const minute = Math.floor(now / 60_000);
      c.inSecond = c.second === second ? c.inSecond + 1 : 1;
      c.second = second;
      c.inMinute = c.minute === minute ? c.inMinute + 1 : 1;
      c.minute = minute;
      c.requests += 1;
      c.inFlight += 1;
      c.peakInFlight = Math.max(c.peakInFlight, c.inFlight);
      c.peakPerSecond = Math.max(c.peakPerSecond, c.inSecond);
      c.peakPerMinute = Math.max(c.peakPerMinute, c.inMinute);
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        c.inFlight -= 1;
        if (res.statusCode === 429) {
          c.tooMany += 1;
          const problem = res.getHeader('x-rate-limit-problem');
          if (typeof problem === 'string') c.tooManyBy[problem] = (c.tooManyBy[problem] ?? 0) + 1;
        } else if (res.statusCode >= 400) c.errors += 1;
      };
      res.once('finish', finish);
      res.once('close', finish);
      next();
    },
    reset() {
      counters.clear();
    },
    snapshot() {
      return Object.fromEntries(
        [...counters].map(([name, c]) => [
          name,
          {
            requests: c.requests,
            tooMany: c.tooMany,
            tooManyBy: { ...c.tooManyBy },
            errors: c.errors,
            peakInFlight: c.peakInFlight,
            peakPerSecond: c.peakPerSecond,
            peakPerMinute: c.peakPerMinute,
          },
        ]),
      );
    },
  };
}
