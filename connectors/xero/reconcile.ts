import { forgetSeenOpen, markSeenOpen, openNotSeen } from '../reconcile-seen.js';
import { markDeleted } from '../store.js';
import { forEachPage, readList } from './fetch-pages.js';
import { storeInvoices, type SyncPass } from './sync-entities.js';
import { invoiceFromWire } from './wire.js';

/** Xero's IDs filter breaks past about 52 GUIDs (URL length, Xero-OpenAPI#534). */
const IDS_PER_CALL = 50;

/**
 * The daily pass over open invoices: some edits (DueDate on a part-paid invoice, SentToContact) do not bump
 * UpdatedDateUTC, so If-Modified-Since never returns them (P12). Every AUTHORISED sales invoice is re-read; local
 * invoices still open that Xero no longer lists as AUTHORISED are fetched by id to learn what they became.
 */
export async function reconcileOpenInvoices(pass: SyncPass): Promise<void> {
  const { org, deps } = pass;
  await forgetSeenOpen(deps.db, org.organisationId);
  const walk = await forEachPage(
    org,
    'open invoices',
    null,
    'Invoices',
    { where: 'Type=="ACCREC"', order: 'UpdatedDateUTC ASC', Statuses: ['AUTHORISED'] },
    invoiceFromWire,
    async (rows) => {
      await storeInvoices(pass, rows);
      await markSeenOpen(
        deps.db,
        org.organisationId,
        rows.flatMap((row) => (row.invoiceID ? [row.invoiceID] : [])),
      );
    },
  );
  pass.counts.pages = (pass.counts.pages ?? 0) + walk.pages;

  const changed = await openNotSeen(deps.db, org.organisationId);
  for (let i = 0; i < changed.length; i += IDS_PER_CALL) {
    const ids = changed.slice(i, i + IDS_PER_CALL);
    const found = await readList(
      org,
      'invoices by id',
      'Invoices',
      { IDs: ids, includeArchived: true },
      invoiceFromWire,
      // What is not returned is marked deleted just below: an answer without the list must not say that.
      { listRequired: true },
    );
    await storeInvoices(pass, found);
    const returned = new Set(found.map((f) => f.invoiceID));
    const gone = ids.filter((id) => !returned.has(id));
    if (gone.length > 0) {
      await markDeleted(
        deps.db,
        org.organisationId,
        gone.map((externalId) => ({ entity: 'invoice' as const, externalId })),
      );
    }
    pass.counts.reconciled = (pass.counts.reconciled ?? 0) + ids.length;
  }
  await forgetSeenOpen(deps.db, org.organisationId);
}
