import type { Config } from '../server/config.js';
import type { ConnectorDeps } from './deps.js';
import type { Connector, Provider } from './types.js';

/** The connectors for the providers that are configured (both, in the demo). */
export function createConnectors(
  _deps: ConnectorDeps,
  _config: Config,
): Partial<Record<Provider, Connector>> {
  return {};
}
