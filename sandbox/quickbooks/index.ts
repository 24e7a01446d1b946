import express, { type Router } from 'express';
import type { SandboxWorld } from '../world.js';
import { createApiRouter } from './api-routes.js';
import { forgetDerived } from './derived.js';
import { createOAuthRouter } from './oauth-routes.js';
import { createQboState } from './state.js';
import { startWebhookDispatch, type WebhookFormat } from './webhooks.js';

/**
 * The QuickBooks Online and Intuit OAuth stand-in. Serves, on one origin:
 *   /intuit/...                              Intuit OAuth 2.0 / OpenID (see oauth-routes.ts)
 *   /quickbooks/v3/company/:realmId/...      the Accounting API (see api-routes.ts)
 * and POSTs signed data-change webhooks to `world.apps.quickbooks.webhookUrl`. Companies with
 * `provider: 'quickbooks'` are served; their id is the realmId.
 */
export function createQuickBooksSandbox(
  world: SandboxWorld,
  options: { webhookFormat?: WebhookFormat; requestsPerMinute?: number } = {},
): Router {
  const state = createQboState(world, options.requestsPerMinute);
  world.on('change', ({ companyId }: { companyId: string }) => {
    const company = world.company(companyId);
    if (company) forgetDerived(company);
  });
  startWebhookDispatch(world, options.webhookFormat ?? 'classic');

  const router = express.Router();
  router.use('/intuit', createOAuthRouter(state));
  router.use('/quickbooks/v3/company/:realmId', createApiRouter(state));
  return router;
}
