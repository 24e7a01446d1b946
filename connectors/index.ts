import type { Config } from '../server/config.js';
import type { ConnectorDeps } from './deps.js';
import { createQuickBooksConnector, type QuickBooksConnector } from './quickbooks/index.js';
import type { Provider } from './types.js';
import { createXeroConnector, type XeroConnector } from './xero/index.js';

export interface Connectors {
  quickbooks?: QuickBooksConnector;
  xero?: XeroConnector;
}

/** The connectors for the providers that are configured (both, in the demo). */
export function createConnectors(deps: ConnectorDeps, config: Config): Connectors {
  return {
    ...(config.quickbooks ? { quickbooks: createQuickBooksConnector(deps, config.quickbooks) } : {}),
    ...(config.xero ? { xero: createXeroConnector(deps, config.xero) } : {}),
  };
}

export type { Provider };
