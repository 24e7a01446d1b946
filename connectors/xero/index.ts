import type { ConnectorDeps } from '../deps.js';
import type { Connector, SyncOutcome } from '../types.js';
import type { XeroConfig } from './client.js';
import { fetchXeroInvoiceState } from './invoice-state.js';
import { sharedXeroLimiter, type XeroLimiter } from './limits.js';
import { addXeroInvoiceNote } from './notes.js';
import type { XeroRuntime } from './org-client.js';
import { syncXeroOrganisation } from './sync.js';
import { syncXeroResources, type ChangedResources } from './targeted.js';

export type { XeroConfig } from './client.js';
export type { ChangedResources } from './targeted.js';

export interface XeroConnector extends Connector {
  readonly provider: 'xero';
  /** Fetches the records a webhook named and stores them (a 'webhook' sync run). */
  syncChangedResources(organisationId: string, changed: ChangedResources, now: Date): Promise<SyncOutcome>;
  readonly runtime: XeroRuntime;
}

export interface XeroConnectorOptions {
  /** Pacing shared by every Xero call in the process; tests pass one with a fake clock. */
  limiter?: XeroLimiter;
  /** Retries of one call after a minute 429 or a 5xx. */
  maxRetries?: number;
  /** Records per list page; Xero's maximum (1000) unless a test wants several pages. */
  pageSize?: number;
}

/** The Xero implementation of the Connector contract (connectors/types.ts). */
export function createXeroConnector(
  deps: ConnectorDeps,
  config: XeroConfig,
  options: XeroConnectorOptions = {},
): XeroConnector {
  const runtime: XeroRuntime = {
    limiter: options.limiter ?? sharedXeroLimiter,
    maxRetries: options.maxRetries ?? 3,
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
  };
  return {
    provider: 'xero',
    runtime,
    syncOrganisation: (organisationId, syncOptions) =>
      syncXeroOrganisation(deps, config, runtime, organisationId, syncOptions),
    fetchInvoiceState: (organisationId, invoiceId) =>
      fetchXeroInvoiceState(deps, config, runtime, organisationId, invoiceId),
    addInvoiceNote: (organisationId, invoiceId, text, key) =>
      addXeroInvoiceNote(deps, config, runtime, organisationId, invoiceId, text, key),
    syncChangedResources: (organisationId, changed, now) =>
      syncXeroResources(deps, config, runtime, organisationId, changed, now),
  };
}
