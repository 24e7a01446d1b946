import { isConnectorError } from '../../connectors/types.js';
import { toDecimal } from '../policy/money.js';
import type { Db } from '../../server/db/connect.js';
import type { CadenceDeps } from './types.js';
import type { CoveredInvoiceRow, TouchpointData } from './touchpoint-data.js';

export type RecheckResult =
  | { ok: true; kept: CoveredInvoiceRow[]; dropped: { invoice: CoveredInvoiceRow; why: string }[] }
  /** The source could not be asked (no connector, throttled, needs reconnect): try again on a later tick. */
  | { ok: false; reason: string };

/**
 * Re-reads every covered invoice at the source right before sending (one `fetchInvoiceState` call each), so a
 * payment that arrived after planning stops the message. The local copy is updated with what the source said.
 * Amounts are the source's amount due, as decimal strings (never total minus payments, never a float).
 */
export async function recheckSource(deps: CadenceDeps, data: TouchpointData): Promise<RecheckResult> {
  const connector = deps.connectors[data.provider];
  if (!connector) return { ok: false, reason: `no ${data.provider} connector configured` };
  const kept: CoveredInvoiceRow[] = [];
  const dropped: { invoice: CoveredInvoiceRow; why: string }[] = [];
  for (const invoice of data.invoices) {
    let state: { status: string; amountDue: string; currency: string };
    try {
      state = await connector.fetchInvoiceState(data.organisationId, invoice.externalId);
    } catch (error) {
      if (isConnectorError(error, 'not_found'))
        state = { status: 'deleted', amountDue: '0', currency: invoice.currency };
      else return { ok: false, reason: `could not re-check ${invoice.number}: ${describe(error)}` };
    }
    await updateLocalInvoice(deps.db, data.organisationId, invoice.id, state);
    if (state.status !== 'open') dropped.push({ invoice, why: state.status });
    else if (toDecimal(state.amountDue).lte(0)) dropped.push({ invoice, why: 'paid' });
    else kept.push({ ...invoice, amountDue: state.amountDue, currency: state.currency });
  }
  return { ok: true, kept, dropped };
}

async function updateLocalInvoice(
  db: Db,
  organisationId: string,
  invoiceId: string,
  state: { status: string; amountDue: string },
): Promise<void> {
  await db
    .updateTable('invoice')
    .set({
      status: state.status as 'open' | 'paid' | 'voided' | 'deleted' | 'draft',
      amount_due: state.amountDue,
    })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', invoiceId)
    .execute();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
