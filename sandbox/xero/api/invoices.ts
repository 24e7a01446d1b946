import type { Request, Response } from 'express';
import type { Company, Invoice } from '../../books/types.js';
import type { XeroContext } from '../context.js';
import { calendarDateMs } from '../dates.js';
import { isUuid, neutralId, xeroId } from '../ids.js';
import { amount } from '../money.js';
import { byUpdateOf, invoicesByUpdate } from '../../books/update-order.js';
import { RawJson, stringifyWithRaw } from '../../raw-json.js';
import { invoiceAmounts, renderInvoice, renderInvoiceJson, xeroInvoiceStatus } from '../render/invoice.js';
import { envelope } from './envelope.js';
import { notFound } from './errors.js';
import type { TenantLocals } from './guard.js';
import { listParam, listQueryOrReject, param, runList, type EntityFields } from './list-query.js';

function invoiceFields(company: Company): EntityFields<Invoice> {
  return {
    typeName: 'Invoice',
    fields: [
      'Type',
      'Status',
      'InvoiceID',
      'InvoiceNumber',
      'Reference',
      'Contact.ContactID',
      'Contact.Name',
      'Date',
      'DueDate',
      'AmountDue',
      'AmountPaid',
      'AmountCredited',
      'Total',
      'CurrencyCode',
      'UpdatedDateUTC',
    ],
    updatedAt: (i) => i.updatedAt,
    byUpdate: byUpdateOf(() => invoicesByUpdate(company)),
    get: (i, field) => {
      switch (field) {
        case 'Type':
          return 'ACCREC';
        case 'Status':
          return xeroInvoiceStatus(i);
        case 'InvoiceID':
          return xeroId(company.id, 'invoice', i.id);
        case 'InvoiceNumber':
          return i.number;
        case 'Reference':
          return '';
        case 'Contact.ContactID':
          return xeroId(company.id, 'contact', i.customerId);
        case 'Contact.Name':
          return company.index.customers.get(i.customerId)?.displayName ?? null;
        case 'Date':
          return calendarDateMs(i.issueDate);
        case 'DueDate':
          return calendarDateMs(i.dueDate);
        case 'AmountDue':
          return amount(i.amountDueCents);
        case 'AmountPaid':
          return amount(invoiceAmounts(company, i).paidCents);
        case 'AmountCredited':
          return amount(invoiceAmounts(company, i).creditedCents);
        case 'Total':
          return amount(i.totalCents);
        case 'CurrencyCode':
          return i.currency;
        case 'UpdatedDateUTC':
          return i.updatedAt;
        default:
          return null;
      }
    },
  };
}

/** GET /Invoices: paging, If-Modified-Since, where, order, IDs, InvoiceNumbers, ContactIDs, Statuses. */
export function listInvoices(ctx: XeroContext, req: Request, res: Response): void {
  const { company } = res.locals as TenantLocals;
  const entity = invoiceFields(company);
  const q = listQueryOrReject(req, res, entity);
  if (!q) return;
  const ids = listParam(req, 'IDs');
  const idSet =
    ids && new Set(ids.map((id) => neutralId(company, 'invoice', id)).filter((id) => id !== undefined));
  const numbers = listParam(req, 'InvoiceNumbers');
  const contactIds = listParam(req, 'ContactIDs');
  const contactSet =
    contactIds &&
    new Set(contactIds.map((id) => neutralId(company, 'contact', id)).filter((id) => id !== undefined));
  const statuses = listParam(req, 'Statuses')?.map((s) => s.toUpperCase());
  const filtered = idSet || numbers || contactSet || statuses;
  const result = runList(
    company.invoices,
    q,
    entity,
    filtered
      ? (i) =>
          (!idSet || idSet.has(i.id)) &&
          (!numbers || numbers.includes(i.number)) &&
          (!contactSet || contactSet.has(i.customerId)) &&
          (!statuses || statuses.includes(xeroInvoiceStatus(i)))
      : undefined,
  );
  const withLines = result.pagination !== null && param(req, 'summaryOnly') !== 'true';
  // Each invoice written as text (renderInvoiceJson): a 1,000-invoice page is served in a few milliseconds.
  const body = envelope(ctx.options.providerName, ctx.world.now(), {
    ...(result.pagination ? { pagination: result.pagination } : {}),
    Invoices: result.items.map((i) => new RawJson(renderInvoiceJson(company, i, withLines))),
  });
  res.type('application/json').send(stringifyWithRaw(body));
}

/** Xero accepts an InvoiceID or an InvoiceNumber in the path. */
export function findInvoice(company: Company, idOrNumber: string): Invoice | undefined {
  if (isUuid(idOrNumber)) {
    const id = neutralId(company, 'invoice', idOrNumber);
    return id === undefined ? undefined : company.index.invoices.get(id);
  }
  return company.invoices.find((i) => i.number === idOrNumber);
}

export function getInvoice(ctx: XeroContext, req: Request, res: Response): void {
  const { company } = res.locals as TenantLocals;
  const invoice = findInvoice(company, String(req.params.id));
  if (!invoice) return notFound(res);
  res.json(
    envelope(ctx.options.providerName, ctx.world.now(), {
      Invoices: [renderInvoice(company, invoice, true)],
    }),
  );
}
