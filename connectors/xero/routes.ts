import { randomBytes } from 'node:crypto';
import { Router, type Request } from 'express';
import { HttpError } from '../../server/http/errors.js';
import { requireUser } from '../../server/http/require-user.js';
import type { ConnectorDeps } from '../deps.js';
import { isConnectorError } from '../types.js';
import type { XeroConfig } from './client.js';
import type { XeroConnector } from './index.js';
import { sharedXeroLimiter } from './limits.js';
import {
  completeXeroConsent,
  disconnectXeroGrant,
  disconnectXeroOrganisation,
  xeroConsentUrl,
} from './oauth.js';

/** A consent left open longer than this must start again. */
const STATE_TTL_MS = 30 * 60_000;

export interface XeroRouteOptions {
  /**
   * What to do with newly connected organisations: by default their first full sync starts in the background
   * (the lead may hand this to the worker's queue instead).
   */
  afterConnect?: (organisationIds: string[]) => void;
  connector?: XeroConnector;
}

/**
 * GET /connect/xero → Xero's consent page; GET /connect/xero/callback adds the organisations ticked there;
 * POST /connect/xero/:organisationId/disconnect. Behind sign-in; CSRF is applied by the app.
 */
export function xeroRoutes(deps: ConnectorDeps, config: XeroConfig, options: XeroRouteOptions = {}): Router {
  const router = Router();
  const runtime = options.connector?.runtime ?? { limiter: sharedXeroLimiter, maxRetries: 3 };
  const afterConnect =
    options.afterConnect ??
    ((ids: string[]) => {
      const connector = options.connector;
      if (!connector) return;
      for (const id of ids) {
        connector
          .syncOrganisation(id, { kind: 'full', now: deps.now() })
          .catch((error: unknown) =>
            deps.log.warn({ organisationId: id, err: error }, 'first xero sync failed'),
          );
      }
    });

  router.get('/connect/xero', requireUser, async (req, res) => {
    const state = randomBytes(24).toString('base64url');
    req.session.oauthState = { ...req.session.oauthState, xero: { state, issuedAt: deps.now().getTime() } };
    const url = await xeroConsentUrl(config, state);
    await saveSession(req);
    res.redirect(303, url);
  });

  router.get('/connect/xero/callback', requireUser, async (req, res) => {
    const issued = req.session.oauthState?.xero;
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    if (!issued || issued.state !== state || deps.now().getTime() - issued.issuedAt > STATE_TTL_MS) {
      throw new HttpError(
        400,
        'This Xero sign-in link has expired or was not started here. Please connect again.',
      );
    }
    // The code is exchanged once: the state is spent whatever happens next.
    const rest = { ...req.session.oauthState };
    delete rest.xero;
    req.session.oauthState = rest;
    if (typeof req.query.error === 'string') {
      req.session.flash = req.query.error === 'access_denied' ? 'flash.xeroCancelled' : 'flash.xeroError';
      req.session.flashVars = { detail: req.query.error };
      return res.redirect(303, '/');
    }
    const callbackUrl = `${config.redirectUri}?${new URLSearchParams(req.query as Record<string, string>).toString()}`;
    try {
      const result = await completeXeroConsent(deps, config, runtime, {
        callbackUrl,
        state,
        workspaceId: req.session.workspaceId!,
      });
      req.session.flash = 'flash.xeroConnected';
      req.session.flashVars = { names: result.organisations.map((o) => o.name).join(', ') };
      afterConnect(result.organisations.map((o) => o.id));
    } catch (error) {
      if (!isConnectorError(error, 'rejected')) throw error;
      req.session.flash = 'flash.xeroRejected';
      req.session.flashVars = { detail: error.message };
    }
    res.redirect(303, '/');
  });

  router.post('/connect/xero/:organisationId/disconnect', requireUser, async (req, res) => {
    const organisationId = String(req.params.organisationId);
    const org = await deps.db
      .selectFrom('organisation')
      .select(['id', 'connection_id'])
      .where('id', '=', organisationId)
      .where('workspace_id', '=', req.session.workspaceId!)
      .where('provider', '=', 'xero')
      .executeTakeFirst();
    if (!org) throw new HttpError(404, 'No such Xero organisation in this workspace.');
    // scope=grant: the whole Xero login this organisation came with (every organisation it serves) is revoked.
    const wholeGrant = (req.body as Record<string, unknown> | undefined)?.['scope'] === 'grant';
    if (wholeGrant && org.connection_id) await disconnectXeroGrant(deps, config, org.connection_id);
    else await disconnectXeroOrganisation(deps, config, org.id);
    req.session.flash = 'flash.xeroDisconnected';
    res.redirect(303, '/');
  });

  return router;
}

function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.save((error) => (error ? reject(error as Error) : resolve())),
  );
}
