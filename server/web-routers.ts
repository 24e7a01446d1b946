import type { AppDeps } from './app.js';
import { quickBooksRoutes } from '../connectors/quickbooks/routes.js';
import type { QuickBooksConnector } from '../connectors/quickbooks/index.js';
import type { XeroConnector } from '../connectors/xero/index.js';
import { xeroRoutes } from '../connectors/xero/routes.js';
import type { ConnectButton } from './routes/home.js';
import { pageRouters } from './routes/pages.js';
import type { Runtime } from './runtime.js';

/** The provider routers (OAuth, webhooks) and feature pages for the configured providers. */
export function webRouters(runtime: Runtime): Pick<AppDeps, 'webhookRouters' | 'pageRouters' | 'connectButtons'> {
  const { config, connectors } = runtime;
  const deps = { db: runtime.db, log: runtime.log, encryptionKey: config.encryptionKey, now: runtime.now };
  const connectButtons: ConnectButton[] = [];
  const providerRouters = [];
  const quickbooks = connectors.quickbooks as QuickBooksConnector | undefined;
  if (config.quickbooks && quickbooks) {
    providerRouters.push(quickBooksRoutes(deps, config.quickbooks, quickbooks));
    connectButtons.push({ provider: 'quickbooks', label: 'Connect to QuickBooks', href: '/connect/quickbooks' });
  }
  const xero = connectors.xero as XeroConnector | undefined;
  if (config.xero && xero) {
    providerRouters.push(xeroRoutes(deps, config.xero, { connector: xero }));
    connectButtons.push({ provider: 'xero', label: 'Connect to Xero', href: '/connect/xero' });
  }
  return {
    webhookRouters: [],
    pageRouters: [
      ...providerRouters,
      ...pageRouters({ ...deps, config, connectors: runtime.connectors }, connectButtons),
    ],
    connectButtons,
  };
}
