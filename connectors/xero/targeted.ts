import type { ConnectorDeps } from '../deps.js';
import type { SyncOutcome } from '../types.js';
import type { XeroConfig } from './client.js';
import type { XeroContactLike, XeroCreditLike, XeroInvoiceLike } from './map.js';
import type { XeroRuntime } from './org-client.js';
import { recordRun } from './sync.js';
import { storeContacts, storeCredits, storeInvoices } from './sync-entities.js';

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
      const t = pass.org.tenantId;
      for (const batch of chunks(ids(changed.contacts), IDS_PER_CALL)) {
        const body = await pass.org.call('contacts by id', (x) =>
          x.accountingApi.getContacts(t, undefined, undefined, undefined, batch, undefined, true),
        );
        await storeContacts(pass, (body as { contacts?: XeroContactLike[] }).contacts ?? []);
      }
      for (const batch of chunks(ids(changed.invoices), IDS_PER_CALL)) {
        const body = await pass.org.call('invoices by id', (x) =>
          x.accountingApi.getInvoices(
            t,
            undefined,
            undefined,
            undefined,
            batch,
            undefined,
            undefined,
            undefined,
            undefined,
            true,
          ),
        );
        await storeInvoices(pass, (body as { invoices?: XeroInvoiceLike[] }).invoices ?? []);
      }
      for (const batch of chunks(ids(changed.creditNotes), WHERE_IDS_PER_CALL)) {
        const where = batch.map((id) => `CreditNoteID==Guid("${id}")`).join(' OR ');
        const body = await pass.org.call('credit notes by id', (x) =>
          x.accountingApi.getCreditNotes(t, undefined, where),
        );
        await storeCredits(
          pass,
          'credit_note',
          (body as { creditNotes?: XeroCreditLike[] }).creditNotes ?? [],
        );
      }
    },
    { initialSync: false, timeZone: row.time_zone, country: row.country, config, runtime },
  );
}
