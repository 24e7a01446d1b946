import express, { type Router } from 'express';
import type { SandboxWorld } from '../world.js';
import { apiRouter } from './api/router.js';
import type { XeroContext } from './context.js';
import { createSigningKeys } from './identity/keys.js';
import { identityRouter } from './identity/router.js';
import { IdentityStore } from './identity/store.js';
import { resolveOptions, type XeroSandboxOptions } from './options.js';
import { invalidateRelations } from './render/relations.js';
import { startXeroWebhooks, type XeroWebhookDispatcher } from './webhooks/dispatch.js';

export { sendIntentToReceive, type IntentToReceiveResult } from './webhooks/intent.js';
export { signXeroWebhook } from './webhooks/sign.js';
export { xeroId, neutralId } from './ids.js';
export { xeroTimeZone } from './timezone.js';
export type { XeroSandboxOptions, XeroLimits } from './options.js';
export type { XeroWebhookDispatcher, WebhookDelivery } from './webhooks/dispatch.js';

export interface XeroSandboxRouter extends Router {
  /** Webhook deliveries made so far, and a way to wait for queued ones (tests, control page). */
  webhooks: XeroWebhookDispatcher;
  /** The identity server's state: grants, connections, refresh tokens (for the control API). */
  identity: IdentityStore;
}

/**
 * The Xero stand-in: identity (OpenID discovery, consent, token, revocation, JWKS) under /xero/identity and
 * the API (/connections, Accounting /api.xro/2.0) under /xero/api. Mount it at the sandbox's root.
 * Create it once per world: it subscribes to the world's 'change' events for webhooks.
 */
export function createXeroSandbox(
  world: SandboxWorld,
  options: Partial<XeroSandboxOptions> = {},
): XeroSandboxRouter {
  const resolved = resolveOptions(options);
  const ctx: XeroContext = {
    world,
    options: resolved,
    store: new IdentityStore(),
    keys: createSigningKeys(),
    idempotent: new Map(),
  };
  world.on('change', (change: { companyId: string }) => {
    const company = world.company(change.companyId);
    if (company) invalidateRelations(company);
  });
  const router = express.Router() as XeroSandboxRouter;
  router.use('/xero/identity', identityRouter(ctx));
  router.use('/xero/api', apiRouter(ctx));
  router.webhooks = startXeroWebhooks(world, resolved.webhookResourceBase);
  router.identity = ctx.store;
  return router;
}
