import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { ConnectorDeps } from '../deps.js';
import { claimAuthorizationCode, completeConnection, disconnectOrganisation } from './connect.js';
import type { QuickBooksConnector } from './index.js';
import { authorizeUrl, type QuickBooksConfig } from './oauth.js';

/** A consent that takes longer than this is started again. */
const STATE_TTL_MS = 15 * 60_000;

export interface QuickBooksRouteOptions {
  /** Runs after a (re)connect, e.g. the first full sync; errors are logged, never shown. Default: nothing. */
  onConnected?: (organisationId: string) => Promise<unknown>;
}

/**
 * Connect, callback, disconnect, and the App Store's launch / connect / disconnect / reconnect URLs.
 * The signed-in user is `req.session.userId` / `workspaceId` (server/session.ts); CSRF is applied by the app to
 * the POST. The callback 302s away in every case so the code never sits in a rendered page (security requirement).
 */
export function quickBooksRoutes(
  deps: ConnectorDeps,
  config: QuickBooksConfig,
  connector: Pick<QuickBooksConnector, 'clientFor'>,
  options: QuickBooksRouteOptions = {},
): Router {
  const router = Router();
  const log = deps.log.child({ module: 'connect', provider: 'quickbooks' });

  const startConsent = (req: Request, res: Response) => {
    if (!req.session.userId || !req.session.workspaceId) {
      res.redirect(303, '/signin');
      return;
    }
    const state = randomBytes(24).toString('base64url');
    req.session.oauthState = {
      ...req.session.oauthState,
      quickbooks: { state, issuedAt: deps.now().getTime() },
    };
    req.session.save((error) => {
      if (error) {
        log.error({ err: error }, 'could not save the session before the QuickBooks consent');
        res.status(500).send('Please try again.');
        return;
      }
      res.redirect(302, authorizeUrl(config, state));
    });
  };

  router.get('/connect/quickbooks', startConsent);

  router.get('/connect/quickbooks/callback', async (req, res) => {
    const workspaceId = req.session.workspaceId;
    const issued = req.session.oauthState?.['quickbooks'];
    const query = new URL(req.originalUrl, 'http://callback').searchParams;
    // State is single use: consumed before anything else, whatever the outcome.
    if (req.session.oauthState) delete req.session.oauthState['quickbooks'];
    if (!workspaceId || !issued || !sameState(issued.state, query.get('state'))) {
      log.warn('QuickBooks callback with a missing or forged state refused');
      res.status(400).send('This QuickBooks connection link is not valid any more. Please start again.');
      return;
    }
    if (deps.now().getTime() - issued.issuedAt > STATE_TTL_MS) {
      res.redirect(302, '/connect/quickbooks');
      return;
    }
    if (query.get('error')) {
      req.session.flash = 'flash.quickbooksCancelled';
      res.redirect(302, '/');
      return;
    }
    const code = query.get('code');
    if (!code || !query.get('realmId')) {
      res.status(400).send('QuickBooks did not send a company. Please start again.');
      return;
    }
    if (!(await claimAuthorizationCode(deps, code))) {
      // A reload or second tab: the first request is connecting; exchanging again would kill that grant.
      res.redirect(302, '/');
      return;
    }
    const callbackQuery = new URLSearchParams({
      code,
      realmId: query.get('realmId')!,
      state: query.get('state')!,
    });
    const { organisationId, reconnected } = await completeConnection(
      deps,
      config,
      connector,
      workspaceId,
      callbackQuery.toString(),
    );
    log.info({ organisationId, reconnected }, 'QuickBooks company connected');
    if (options.onConnected) {
      options
        .onConnected(organisationId)
        .catch((error: unknown) =>
          log.error({ err: error, organisationId }, 'first QuickBooks sync failed; the scheduler will retry'),
        );
    }
    req.session.flash = reconnected ? 'flash.quickbooksReconnected' : 'flash.quickbooksConnected';
    res.redirect(302, `/orgs/${organisationId}`);
  });

  router.post('/connect/quickbooks/:organisationId/disconnect', async (req, res) => {
    const workspaceId = req.session.workspaceId;
    if (!req.session.userId || !workspaceId) {
      res.redirect(303, '/signin');
      return;
    }
    const org = await deps.db
      .selectFrom('organisation')
      .select('id')
      .where('id', '=', String(req.params['organisationId']))
      .where('workspace_id', '=', workspaceId)
      .where('provider', '=', 'quickbooks')
      .executeTakeFirst();
    if (!org) {
      res.status(404).send('No such QuickBooks company.');
      return;
    }
    await disconnectOrganisation(deps, config, org.id);
    req.session.flash = 'flash.quickbooksDisconnected';
    res.redirect(303, '/');
  });

  // App Store URLs (reference §6). Launch and connect start the consent for a signed-in user (sign-in first
  // otherwise); reconnect is the same consent, which reuses the organisation of the same realm.
  router.get('/quickbooks/launch', startConsent);
  router.get('/quickbooks/connect', startConsent);
  router.get('/quickbooks/reconnect', startConsent);
  // Intuit has already revoked the tokens when it sends the user here; the next API call would say invalid_grant.
  router.get('/quickbooks/disconnect', (_req, res) => {
    res
      .status(200)
      .type('html')
      .send(
        '<!doctype html><title>QuickBooks disconnected</title><h1>QuickBooks is disconnected from Dunwise</h1>' +
          '<p>Reminders for this company are paused and its history is kept. ' +
          '<a href="/connect/quickbooks">Connect to QuickBooks</a> again at any time.</p>',
      );
  });

  return router;
}

function sameState(expected: string, received: string | null): boolean {
  if (!received) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}
