import type { Request, Response } from 'express';
import type { Company, Payment, PaymentApplication } from '../../books/types.js';
import type { XeroContext } from '../context.js';
import { calendarDateMs } from '../dates.js';
import { xeroId } from '../ids.js';
import { amount } from '../money.js';
import { renderOverpayment, renderPayments } from '../render/payment.js';
import { envelope } from './envelope.js';
import type { TenantLocals } from './guard.js';
import { listQueryOrReject, runList, type EntityFields } from './list-query.js';
import { byUpdateOf, keptUpdateOrder, type UpdateOrder } from '../../books/update-order.js';

/** One Xero payment = one application of a neutral payment to an invoice. */
interface PaymentLine {
  payment: Payment;
  application: PaymentApplication;
}

/** The company's payment lines, kept with their update order (a full sync reads a hundred pages of them). */
function paymentLines(company: Company): UpdateOrder<PaymentLine> {
  return keptUpdateOrder(
    company,
    'xero-payment-line',
    company.payments.length,
    () =>
      company.payments.flatMap((payment) =>
        payment.applications.map((application) => ({ payment, application })),
      ),
    (line) => line.payment.updatedAt,
  );
}

function paymentFields(company: Company): EntityFields<PaymentLine> {
  return {
    typeName: 'Payment',
    byUpdate: byUpdateOf(() => paymentLines(company)),
    fields: [
      'PaymentID',
      'Status',
      'PaymentType',
      'Date',
      'Amount',
      'Reference',
      'Invoice.InvoiceID',
      'UpdatedDateUTC',
    ],
    updatedAt: (l) => l.payment.updatedAt,
    get: ({ payment, application }, field) => {
      switch (field) {
        case 'PaymentID':
          return xeroId(company.id, 'payment', `${payment.id}:${application.invoiceId}`);
        case 'Status':
          return payment.deleted ? 'DELETED' : 'AUTHORISED';
        case 'PaymentType':
          return 'ACCRECPAYMENT';
        case 'Date':
          return calendarDateMs(payment.date);
        case 'Amount':
          return amount(application.amountCents);
        case 'Reference':
          return '';
        case 'Invoice.InvoiceID':
          return xeroId(company.id, 'invoice', application.invoiceId);
        case 'UpdatedDateUTC':
          return payment.updatedAt;
        default:
          return null;
      }
    },
  };
}

/** GET /Payments, deleted ones included with Status DELETED (reference §2.4, pitfall P15). */
export function listPayments(ctx: XeroContext, req: Request, res: Response): void {
  const { company } = res.locals as TenantLocals;
  const entity = paymentFields(company);
  const q = listQueryOrReject(req, res, entity);
  if (!q) return;
  const result = runList(paymentLines(company).records, q, entity);
  const rendered = result.items.map(({ payment, application }) => {
    const single = { ...payment, applications: [application] };
    return renderPayments(company, single)[0]!;
  });
  res.json(
    envelope(ctx.options.providerName, ctx.world.now(), {
      ...(result.pagination ? { pagination: result.pagination } : {}),
      Payments: rendered,
    }),
  );
}

const overpaymentFields: EntityFields<Payment> = {
  typeName: 'Overpayment',
  fields: ['Status', 'Type', 'Date', 'RemainingCredit', 'UpdatedDateUTC'],
  updatedAt: (p) => p.updatedAt,
  get: (p, field) => {
    switch (field) {
      case 'Status':
        return p.deleted ? 'VOIDED' : 'AUTHORISED';
      case 'Type':
        return 'RECEIVE-OVERPAYMENT';
      case 'Date':
        return calendarDateMs(p.date);
      case 'RemainingCredit':
        return p.deleted ? 0 : amount(p.unappliedCents);
      case 'UpdatedDateUTC':
        return p.updatedAt;
      default:
        return null;
    }
  },
};

/** GET /Overpayments: the unapplied part of each payment, with RemainingCredit (credit on account). */
export function listOverpayments(ctx: XeroContext, req: Request, res: Response): void {
  const { company } = res.locals as TenantLocals;
  const q = listQueryOrReject(req, res, overpaymentFields);
  if (!q) return;
  const result = runList(company.payments, q, overpaymentFields, (p) => p.unappliedCents > 0);
  res.json(
    envelope(ctx.options.providerName, ctx.world.now(), {
      ...(result.pagination ? { pagination: result.pagination } : {}),
      Overpayments: result.items.map((p) => renderOverpayment(company, p)),
    }),
  );
}

/** GET /Prepayments: the neutral books have none, so always an empty (but well-formed) list. */
export function listPrepayments(ctx: XeroContext, req: Request, res: Response): void {
  const q = listQueryOrReject(req, res, { ...overpaymentFields, typeName: 'Prepayment' });
  if (!q) return;
  const pagination =
    q.page === null ? null : { page: q.page, pageSize: q.pageSize, pageCount: 0, itemCount: 0 };
  res.json(
    envelope(ctx.options.providerName, ctx.world.now(), {
      ...(pagination ? { pagination } : {}),
      Prepayments: [],
    }),
  );
}
