import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import { formatAmount } from '../policy/money.js';
import { maskRecipient } from './contacts.js';
import type { CoveredInvoiceRow } from './touchpoint-data.js';

export interface DeliverySummary {
  channel: string;
  recipient: string;
  status: string;
  errorCode: string | null;
}

const CHANNEL_WORDS: Record<string, string> = {
  email: 'email',
  sms: 'SMS',
  call: 'automated call',
  call_task: 'call task',
};

/**
 * The activity note for one invoice: what was done, on which channel, to whom (masked), the amount due and the
 * outcome. Short, because Xero keeps 250 characters of History & Notes (the connector cuts it safely anyway).
 */
export function noteBody(
  step: number,
  deliveries: readonly DeliverySummary[],
  invoice: CoveredInvoiceRow,
  touchpointStatus: string,
): string {
  const what = deliveries
    .map((d) => {
      const outcome = d.status === 'failed' && d.errorCode ? `failed: ${d.errorCode}` : d.status;
      return `${CHANNEL_WORDS[d.channel] ?? d.channel} to ${maskRecipient(d.channel, d.recipient)} (${outcome})`;
    })
    .join(', ');
  const amount = `${formatAmount(invoice.amountDue, invoice.currency)} ${invoice.currency}`;
  return `Dunwise reminder, step ${step}: ${what || 'nothing sent'}. Amount due ${amount}. Outcome: ${touchpointStatus.replace('_', ' ')}.`;
}

/**
 * Queues one note per covered invoice, in the caller's transaction with the touchpoint's final status; the
 * notes pass writes them to the books later. The key (touchpoint + invoice) makes a repeat a no-op.
 */
export async function queueNotes(
  trx: Kysely<Database>,
  touchpoint: { id: string; organisationId: string; step: number; status: string },
  invoices: readonly CoveredInvoiceRow[],
  deliveries: readonly DeliverySummary[],
  now: Date,
): Promise<void> {
  if (invoices.length === 0) return;
  await trx
    .insertInto('note')
    .values(
      invoices.map((invoice) => ({
        organisation_id: touchpoint.organisationId,
        invoice_id: invoice.id,
        touchpoint_id: touchpoint.id,
        idempotency_key: `${touchpoint.id}:${invoice.id}`,
        body: noteBody(touchpoint.step, deliveries, invoice, touchpoint.status),
        next_attempt_at: now,
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}
