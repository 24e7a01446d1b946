import { Router } from 'express';
import { channelWebhookRouters } from '../cadence/channels/index.js';
import { quickBooksRoutes } from '../connectors/quickbooks/routes.js';
import { quickBooksWebhook } from '../connectors/quickbooks/webhooks.js';
import { xeroRoutes } from '../connectors/xero/routes.js';
import { xeroWebhookRoutes } from '../connectors/xero/webhooks.js';
import type { AppDeps } from './app.js';
import { pageRouters as featurePages } from './routes/pages.js';
import type { Runtime } from './runtime.js';

/** The provider routers (OAuth, webhooks) and feature pages for the configured providers. */
export function webRouters(
  runtime: Runtime,
): Pick<AppDeps, 'webhookRouters' | 'pageRouters' | 'connectButtons'> {
  const { config, connectors, connectorDeps: deps } = runtime;
  const webhookRouters: Router[] = [];
  const pageRouters: Router[] = [];
  const connectButtons: NonNullable<AppDeps['connectButtons']> = [];

  const quickbooks = connectors.quickbooks;
  if (config.quickbooks && quickbooks) {
    // The first full sync starts right after the consent; the hourly job takes over from there.
    const onConnected = (organisationId: string) =>
      quickbooks.syncOrganisation(organisationId, { kind: 'full', now: deps.now() });
    pageRouters.push(quickBooksRoutes(deps, config.quickbooks, quickbooks, { onConnected }));
    const webhook = quickBooksWebhook(deps, config.quickbooks.webhookVerifier, quickbooks);
    webhookRouters.push(Router().post('/webhooks/quickbooks', webhook.handler));
    connectButtons.push({
      provider: 'quickbooks',
      label: 'connect.quickbooks',
      href: '/connect/quickbooks',
    });
  }
  if (config.xero && connectors.xero) {
    pageRouters.push(xeroRoutes(deps, config.xero, { connector: connectors.xero }));
    webhookRouters.push(Router().use('/webhooks', xeroWebhookRoutes(deps, config.xero, connectors.xero)));
    connectButtons.push({ provider: 'xero', label: 'connect.xero', href: '/connect/xero' });
  }
  for (const router of channelWebhookRouters(
    { db: runtime.db, log: runtime.log, now: runtime.now },
    config,
  )) {
    webhookRouters.push(Router().use('/webhooks', router));
  }
  // The signed-in pages (portfolio is in createApp's home route): after the provider routes, so /connect/* wins.
  pageRouters.push(
    ...featurePages({ ...deps, config, connectors, encryptionKey: config.encryptionKey }, connectButtons),
  );
  return { webhookRouters, pageRouters, connectButtons };
}
