import type { ConnectorDeps } from '../deps.js';
import { upsertInvoices } from '../store.js';
import { isConnectorError, type RemoteInvoiceState } from '../types.js';
import type { XeroConfig } from './client.js';
import { mapInvoice, type XeroInvoiceLike } from './map.js';
import { openOrganisation, type XeroRuntime } from './org-client.js';

/**
 * Re-reads one invoice right before a message about it goes out (one call): Xero's AmountDue and Status. The
 * local copy is updated on the way, so a payment seen here also stops the rest of the cadence.
 */
export async function fetchXeroInvoiceState(
  deps: ConnectorDeps,
  config: XeroConfig,
  runtime: XeroRuntime,
  organisationId: string,
  invoiceId: string,
): Promise<RemoteInvoiceState> {
  const org = await openOrganisation(deps, config, runtime, organisationId);
  let invoice: XeroInvoiceLike | undefined;
  try {
    const body = await org.call('invoice state', (x) => x.accountingApi.getInvoice(org.tenantId, invoiceId));
    invoice = (body as { invoices?: XeroInvoiceLike[] }).invoices?.[0];
  } catch (error) {
    if (!isConnectorError(error, 'not_found')) throw error;
  }
  if (!invoice) {
    const local = await deps.db
      .selectFrom('invoice')
      .select('currency')
      .where('organisation_id', '=', organisationId)
      .where('external_id', '=', invoiceId)
      .executeTakeFirst();
    return { status: 'deleted', amountDue: '0', currency: local?.currency ?? '' };
  }
  const mapped = mapInvoice(invoice);
  await upsertInvoices(deps.db, organisationId, [mapped], { initialSync: false, today: '1970-01-01' });
  return { status: mapped.status, amountDue: mapped.amountDue, currency: mapped.currency };
}
