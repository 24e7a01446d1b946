import { channelDb, type CallTaskInvoice, type CallTaskNumber } from '../db.js';
import type { ChannelDeps } from '../deps.js';
import { toE164 } from '../phone.js';
import type { ChannelSender, OutgoingMessage, SendOutcome } from '../types.js';

/**
 * "Send" a call task: a call for a person at the business to make, with the script, the customer's usable numbers
 * and the invoices as they stand now. One task per touchpoint: a retried step returns the task already made.
 */
export function createCallTaskSender(deps: ChannelDeps): ChannelSender<'call_task'> {
  const log = deps.log.child({ module: 'channels', channel: 'call_task' });
  const db = channelDb(deps.db);
  return {
    channel: 'call_task',
    async send(message: OutgoingMessage<'call_task'>): Promise<SendOutcome> {
      try {
        const [customer, contacts, invoices] = await Promise.all([
          db
            .selectFrom('customer')
            .select(['country'])
            .where('id', '=', message.customerId)
            .executeTakeFirst(),
          db
            .selectFrom('contact')
            .select(['value', 'phone_type', 'name', 'is_primary'])
            .where('customer_id', '=', message.customerId)
            .where('organisation_id', '=', message.organisationId)
            .where('kind', '=', 'phone')
            .where('unusable_reason', 'is', null)
            .orderBy('is_primary', 'desc')
            .execute(),
          db
            .selectFrom('touchpoint_invoice')
            .innerJoin('invoice', 'invoice.id', 'touchpoint_invoice.invoice_id')
            .select([
              'invoice.id',
              'invoice.number',
              'invoice.amount_due',
              'invoice.currency',
              'invoice.due_date',
            ])
            .where('touchpoint_invoice.touchpoint_id', '=', message.touchpointId)
            .orderBy('invoice.due_date')
            .execute(),
        ]);
        const numbers: CallTaskNumber[] = contacts.map((c) => ({
          number: toE164(c.value, customer?.country ?? null) ?? c.value,
          type: c.phone_type,
          name: c.name,
        }));
        const snapshot: CallTaskInvoice[] = invoices.map((i) => ({
          invoiceId: i.id,
          number: i.number,
          amountDue: i.amount_due,
          currency: i.currency,
          dueDate: i.due_date,
        }));
        const created = await db
          .insertInto('call_task')
          .values({
            organisation_id: message.organisationId,
            touchpoint_id: message.touchpointId,
            delivery_id: message.deliveryId,
            customer_id: message.customerId,
            script: message.rendered.script,
            numbers: JSON.stringify(numbers),
            invoices: JSON.stringify(snapshot),
          })
          .onConflict((oc) => oc.column('touchpoint_id').doNothing())
          .returning('id')
          .executeTakeFirst();
        const task =
          created ??
          (await db
            .selectFrom('call_task')
            .select('id')
            .where('touchpoint_id', '=', message.touchpointId)
            .executeTakeFirstOrThrow());
        log.info(
          { deliveryId: message.deliveryId, taskId: task.id, numbers: numbers.length },
          'call task created',
        );
        return { status: 'task_created', taskId: task.id };
      } catch (error) {
        log.error({ deliveryId: message.deliveryId, err: error }, 'call task could not be created');
        return {
          status: 'failed',
          permanent: false,
          code: 'call_task_error',
          message: error instanceof Error ? error.message : String(error),
          retryAfterMs: 60_000,
        };
      }
    },
  };
}
