import type { OrganisationRow } from '../../server/db/schema.js';
import type { ConnectorDeps } from '../deps.js';
import { ConnectorError, isConnectorError, type Connector, type RemoteInvoiceState } from '../types.js';
import { createQboClient, type QboClient } from './client.js';
import { mapInvoice, type MapContext } from './map.js';
import { addAttachableNote, DEFAULT_NOTE_RETRY, type NoteRetry } from './notes.js';
import { refreshTokens, type QuickBooksConfig } from './oauth.js';
import { processPacer, type Pacer } from './pacer.js';
import { InvoiceSchema } from './schemas.js';
import { syncQuickBooks } from './sync.js';
import { syncEntities, type EntityRef } from './targeted-sync.js';

export type { QuickBooksConfig } from './oauth.js';
export type { EntityRef } from './targeted-sync.js';

/** The Connector plus what the QuickBooks webhook receiver needs. */
export interface QuickBooksConnector extends Connector {
  readonly provider: 'quickbooks';
  /** Re-reads the named records now (webhook), recorded as a 'webhook' sync_run. */
  syncEntities(organisationId: string, refs: EntityRef[], now: Date): ReturnType<typeof syncEntities>;
  /** A client for one organisation (connect flow, tests, bench). */
  clientFor(organisation: Pick<OrganisationRow, 'connection_id' | 'external_id'>): QboClient;
}

export interface QuickBooksConnectorOptions {
  pacer?: Pacer;
  noteRetry?: NoteRetry;
}

/** The QuickBooks Online connector (issue 4). Endpoints come from `config`; nothing here reads process.env. */
export function createQuickBooksConnector(
  deps: ConnectorDeps,
  config: QuickBooksConfig,
  options: QuickBooksConnectorOptions = {},
): QuickBooksConnector {
  const pacer = options.pacer ?? processPacer;

  function clientFor(org: Pick<OrganisationRow, 'connection_id' | 'external_id'>): QboClient {
    if (!org.connection_id)
      throw new ConnectorError('quickbooks', 'needs_reconnect', 'organisation has no connection');
    return createQboClient({
      tokens: deps,
      log: deps.log,
      pacer,
      apiUrl: config.apiUrl,
      connectionId: org.connection_id,
      realmId: org.external_id,
      refresh: (refreshToken) => refreshTokens(config, refreshToken, deps.now()),
    });
  }

  async function load(organisationId: string) {
    const org = await deps.db
      .selectFrom('organisation')
      .selectAll()
      .where('id', '=', organisationId)
      .where('provider', '=', 'quickbooks')
      .executeTakeFirst();
    if (!org)
      throw new ConnectorError(
        'quickbooks',
        'not_found',
        `QuickBooks organisation ${organisationId} not found`,
      );
    const map: MapContext = { homeCurrency: org.base_currency, companyCountry: org.country };
    return { org, map, client: clientFor(org) };
  }

  return {
    provider: 'quickbooks',
    clientFor,

    async syncOrganisation(organisationId, syncOptions) {
      const { org, map, client } = await load(organisationId);
      return syncQuickBooks(deps, client, org, map, syncOptions);
    },

    async syncEntities(organisationId, refs, now) {
      const { org, map, client } = await load(organisationId);
      return syncEntities(deps, client, org, map, refs, now);
    },

    async fetchInvoiceState(organisationId, invoiceExternalId): Promise<RemoteInvoiceState> {
      const { org, map, client } = await load(organisationId);
      try {
        const body = (await client.get(`invoice/${encodeURIComponent(invoiceExternalId)}`)) as {
          Invoice?: unknown;
        };
        const invoice = mapInvoice(InvoiceSchema.parse(body.Invoice), map);
        return { status: invoice.status, amountDue: invoice.amountDue, currency: invoice.currency };
      } catch (error) {
        if (isConnectorError(error, 'not_found'))
          return { status: 'deleted', amountDue: '0', currency: org.base_currency };
        throw error;
      }
    },

    async addInvoiceNote(organisationId, invoiceExternalId, text, idempotencyKey) {
      const { client } = await load(organisationId);
      return addAttachableNote(
        client,
        invoiceExternalId,
        text,
        idempotencyKey,
        options.noteRetry ?? DEFAULT_NOTE_RETRY,
      );
    },
  };
}
