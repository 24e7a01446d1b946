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
 * The Xero stand-in. Mount it at the sandbox's root; point XERO_IDENTITY_URL at `<origin>/xero/identity` and
 * XERO_API_URL at `<origin>/xero/api`. Create it once per world: it subscribes to the world's 'change' events.
 *
 *   GET  /xero/identity/.well-known/openid-configuration        discovery (issuer from the request host)
 *   GET  /xero/identity/.well-known/openid-configuration/jwks   RS256 signing key
 *   GET  /xero/identity/connect/authorize                       consent page (tick organisations)
 *   POST /xero/identity/connect/authorize                       the user's decision → redirect with code/state
 *   POST /xero/identity/connect/token                           authorization_code, refresh_token
 *   POST /xero/identity/connect/revocation                      revoke a refresh token (ends the grant)
 *   GET  /xero/identity/connect/userinfo                        OpenID claims
 *   GET  /xero/api/connections[?authEventId=]   DELETE /xero/api/connections/{connectionId}
 *   /xero/api/api.xro/2.0 (Bearer + xero-tenant-id):
 *     GET Invoices, Invoices/{id|number}, GET|PUT|POST Invoices/{id}/History, GET Payments, Overpayments,
 *     Prepayments, CreditNotes, CreditNotes/{id|number}, Contacts, Contacts/{id}, Organisation
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
