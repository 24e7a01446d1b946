import { sql } from 'kysely';
import type { Db } from './connect.js';

/** One invoice of one organisation with its customer, or undefined (another organisation's id is not found). */
export function findInvoice(db: Db, organisationId: string, invoiceId: string) {
  return db
    .selectFrom('invoice as i')
    .leftJoin('customer as c', 'c.id', 'i.customer_id')
    .select([
      'i.id',
      'i.external_id',
      'i.customer_external_id',
      'i.number',
      'i.currency',
      'i.total',
      'i.amount_due',
      'i.issue_date',
      'i.due_date',
      'i.status',
      'i.disputed',
      'i.promise_to_pay_until',
      'i.overdue_at_connect',
      'i.enrolled',
      'c.id as customer_id',
      'c.name as customer_name',
    ])
    .where('i.id', '=', invoiceId)
    .where('i.organisation_id', '=', organisationId)
    .executeTakeFirst();
}

/** Payments the books applied to this invoice (a payment may cover several invoices; its whole amount is shown). */
export function paymentsOf(db: Db, organisationId: string, invoiceExternalId: string) {
  return db
    .selectFrom('payment')
    .select(['id', 'external_id', 'currency', 'amount', 'paid_on'])
    .where('organisation_id', '=', organisationId)
    .where('deleted', '=', false)
    .where(sql<boolean>`invoice_external_ids @> array[${invoiceExternalId}]::text[]`)
    .orderBy('paid_on')
    .orderBy('id')
    .execute();
}

/** Credit still available on the customer's account (credit memos and notes, overpayments, prepayments). */
export function openCreditsOf(db: Db, organisationId: string, customerExternalId: string) {
  return db
    .selectFrom('credit')
    .select(['id', 'external_id', 'kind', 'currency', 'total', 'remaining', 'issued_on'])
    .where('organisation_id', '=', organisationId)
    .where('customer_external_id', '=', customerExternalId)
    .where('voided', '=', false)
    .where('remaining', '>', '0')
    .orderBy('issued_on')
    .orderBy('id')
    .execute();
}

/** Every touchpoint that covered this invoice, oldest first, with the step the invoice reached by it. */
export function touchpointsOf(db: Db, organisationId: string, invoiceId: string) {
  return db
    .selectFrom('touchpoint_invoice as ti')
    .innerJoin('touchpoint as t', 't.id', 'ti.touchpoint_id')
    .select([
      't.id',
      't.step',
      'ti.step as invoice_step',
      't.status',
      't.channels',
      't.local_date',
      't.planned_at',
      't.sent_at',
      't.detail',
    ])
    .where('ti.invoice_id', '=', invoiceId)
    .where('ti.organisation_id', '=', organisationId)
    .orderBy('t.planned_at')
    .orderBy('t.id')
    .execute();
}

/** The deliveries of every touchpoint that covered this invoice (one query, beside `touchpointsOf`). */
export function deliveriesOf(db: Db, organisationId: string, invoiceId: string) {
  return db
    .selectFrom('delivery')
    .select(['touchpoint_id', 'channel', 'recipient', 'status', 'status_history', 'error_message'])
    .where('organisation_id', '=', organisationId)
    .where('touchpoint_id', 'in', (eb) =>
      eb.selectFrom('touchpoint_invoice').select('touchpoint_id').where('invoice_id', '=', invoiceId),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The notes written back (or being written) on the source invoice. */
export function notesOf(db: Db, organisationId: string, invoiceId: string) {
  return db
    .selectFrom('note')
    .select(['id', 'touchpoint_id', 'body', 'status', 'attempts', 'last_error', 'written_at', 'created_at'])
    .where('invoice_id', '=', invoiceId)
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
