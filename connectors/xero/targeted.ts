import type { ConnectorDeps } from '../deps.js';
import type { SyncOutcome } from '../types.js';
import type { XeroConfig } from './client.js';
import { readList } from './fetch-pages.js';
import type { XeroRuntime } from './org-client.js';
import { recordRun } from './sync.js';
import { storeContacts, storeCredits, storeInvoices } from './sync-entities.js';
import { contactFromWire, creditFromWire, invoiceFromWire } from './wire.js';

export interface ChangedResources {
  invoices: string[];
  contacts: string[];
  creditNotes: string[];
}

/** Xero's IDs filter breaks past about 52 GUIDs (Xero-OpenAPI#534); `where` ORs are kept shorter still. */
const IDS_PER_CALL = 50;
const WHERE_IDS_PER_CALL = 20;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Fetches just the records a webhook named (INVOICE, CONTACT, CREDITNOTE events carry ids, not bodies), by id,
 * and stores them. Recorded as a 'webhook' sync run; the watermark does not move.
 */
export async function syncXeroResources(
  deps: ConnectorDeps,
  config: XeroConfig,
  runtime: XeroRuntime,
  organisationId: string,
  changed: ChangedResources,
  now: Date,
): Promise<SyncOutcome> {
  const row = await deps.db
    .selectFrom('organisation')
    .select(['sync_watermark', 'time_zone', 'country'])
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const ids = (list: string[]) => [...new Set(list.filter((id) => GUID.test(id)))];
  return recordRun(
    deps,
    organisationId,
    'webhook',
    now,
    row.sync_watermark,
    async (pass) => {
      for (const batch of chunks(ids(changed.contacts), IDS_PER_CALL)) {
        const query = { IDs: batch, includeArchived: true };
        await storeContacts(
          pass,
          await readList(pass.org, 'contacts by id', 'Contacts', query, contactFromWire),
        );
      }
      for (const batch of chunks(ids(changed.invoices), IDS_PER_CALL)) {
        const query = { IDs: batch, includeArchived: true };
        await storeInvoices(
          pass,
          await readList(pass.org, 'invoices by id', 'Invoices', query, invoiceFromWire),
        );
      }
      for (const batch of chunks(ids(changed.creditNotes), WHERE_IDS_PER_CALL)) {
        const where = batch.map((id) => `CreditNoteID==Guid("${id}")`).join(' OR ');
        const credits = await readList(
          pass.org,
          'credit notes by id',
          'CreditNotes',
          { where },
          creditFromWire,
        );
        await storeCredits(pass, 'credit_note', credits);
      }
    },
    { initialSync: false, timeZone: row.time_zone, country: row.country, config, runtime },
  );
}
