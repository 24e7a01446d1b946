import express from 'express';
import { createControlRouter } from './control/router.js';
import { createQuickBooksSandbox } from './quickbooks/index.js';
import { createSendGridSandbox } from './sendgrid/router.js';
import { createTwilioSandbox } from './twilio/router.js';
import type { SandboxWorld } from './world.js';
import { DEFAULT_OPTIONS } from './xero/options.js';
import { createXeroSandbox, type XeroLimits } from './xero/index.js';

export interface SandboxAppOptions {
  /** The sandbox's own origin, e.g. 'http://127.0.0.1:4010': Xero webhook resourceUrls point back at it. */
  baseUrl?: string;
  /**
   * The clock the app under test runs on. OpenID clients check id_token iat/exp against it, so tokens must be
   * stamped with it even when the sandbox clock has been advanced or starts at a chosen `asOf`.
   */
  appClock?: () => number;
  /** Xero's API limits, when not the real service's (the benchmark lifts them to time pages, not the throttle). */
  xeroLimits?: Partial<XeroLimits>;
  /** QuickBooks' requests per minute per realm, when not the real 500 (lifted by the benchmark, like Xero's). */
  quickbooksRequestsPerMinute?: number;
}

/**
 * One express app serving every stand-in under one origin: /intuit and /quickbooks (QuickBooks Online),
 * /xero (identity and API), /sendgrid, /twilio, and the control API and page under /sandbox.
 */
export function createSandboxApp(world: SandboxWorld, options: SandboxAppOptions = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/', (_req, res) => res.redirect(302, '/sandbox'));
  app.use(createControlRouter(world));
  app.use(
    createQuickBooksSandbox(
      world,
      options.quickbooksRequestsPerMinute ? { requestsPerMinute: options.quickbooksRequestsPerMinute } : {},
    ),
  );
  app.use(
    createXeroSandbox(world, {
      ...(options.baseUrl ? { webhookResourceBase: `${options.baseUrl}/xero/api/api.xro/2.0` } : {}),
      ...(options.appClock ? { idTokenClock: options.appClock } : {}),
      ...(options.xeroLimits ? { limits: { ...DEFAULT_OPTIONS.limits, ...options.xeroLimits } } : {}),
    }),
  );
  app.use(createSendGridSandbox(world));
  app.use(createTwilioSandbox(world));
  app.use((_req, res) => {
    res.status(404).json({
      error: {
        code: 'not_found',
        message: 'The sandbox serves /intuit, /quickbooks, /xero, /sendgrid, /twilio and /sandbox',
      },
    });
  });
  // Last resort: whatever a stand-in failed to handle answers as JSON, never as a stack trace.
  app.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const status =
      typeof error === 'object' && error && 'status' in error && typeof error.status === 'number'
        ? error.status
        : 500;
    res.status(status).json({
      error: {
        code: status < 500 ? 'bad_request' : 'internal',
        message: status < 500 && error instanceof Error ? error.message : 'Internal sandbox error',
      },
    });
  });
  return app;
}
