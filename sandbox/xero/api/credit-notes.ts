import type { Request, Response } from 'express';
import type { Company, CreditNote } from '../../books/types.js';
import { byUpdateOf, recordsByUpdate } from '../../books/update-order.js';
import type { XeroContext } from '../context.js';
import { calendarDateMs } from '../dates.js';
import { isUuid, neutralId, xeroId } from '../ids.js';
import { amount } from '../money.js';
import { renderCreditNote } from '../render/credit-note.js';
import { envelope } from './envelope.js';
import { notFound } from './errors.js';
import type { TenantLocals } from './guard.js';
import { listQueryOrReject, param, runList, type EntityFields } from './list-query.js';

const STATUS: Record<CreditNote['status'], string> = {
  open: 'AUTHORISED',
  applied: 'PAID',
  voided: 'VOIDED',
};

function creditNoteFields(company: Company): EntityFields<CreditNote> {
  return {
    typeName: 'CreditNote',
    byUpdate: byUpdateOf(() => recordsByUpdate(company, 'credit-note', company.creditNotes)),
    fields: [
      'CreditNoteID',
      'CreditNoteNumber',
      'Type',
      'Status',
      'Contact.ContactID',
      'Date',
      'RemainingCredit',
      'Total',
      'UpdatedDateUTC',
    ],
    updatedAt: (n) => n.updatedAt,
    get: (n, field) => {
      switch (field) {
        case 'CreditNoteID':
          return xeroId(company.id, 'creditnote', n.id);
        case 'CreditNoteNumber':
          return n.number;
        case 'Type':
          return 'ACCRECCREDIT';
        case 'Status':
          return STATUS[n.status];
        case 'Contact.ContactID':
          return xeroId(company.id, 'contact', n.customerId);
        case 'Date':
          return calendarDateMs(n.date);
        case 'RemainingCredit':
          return n.status === 'voided' ? 0 : amount(n.remainingCents);
        case 'Total':
          return amount(n.totalCents);
        case 'UpdatedDateUTC':
          return n.updatedAt;
        default:
          return null;
      }
    },
  };
}

/** GET /CreditNotes with RemainingCredit and Allocations. */
export function listCreditNotes(ctx: XeroContext, req: Request, res: Response): void {
  const { company } = res.locals as TenantLocals;
  const entity = creditNoteFields(company);
  const q = listQueryOrReject(req, res, entity);
  if (!q) return;
  const result = runList(company.creditNotes, q, entity);
  const withLines = result.pagination !== null && param(req, 'summaryOnly') !== 'true';
  res.json(
    envelope(ctx.options.providerName, ctx.world.now(), {
      ...(result.pagination ? { pagination: result.pagination } : {}),
      CreditNotes: result.items.map((n) => renderCreditNote(company, n, withLines)),
    }),
  );
}

/** GET /CreditNotes/{id}: where a CREDITNOTE webhook's resourceUrl points. */
export function getCreditNote(ctx: XeroContext, req: Request, res: Response): void {
  const { company } = res.locals as TenantLocals;
  const id = String(req.params.id);
  const neutral = isUuid(id) ? neutralId(company, 'creditnote', id) : undefined;
  const note =
    neutral !== undefined
      ? company.index.creditNotes.get(neutral)
      : company.creditNotes.find((n) => n.number === id);
  if (!note) return notFound(res);
  res.json(
    envelope(ctx.options.providerName, ctx.world.now(), {
      CreditNotes: [renderCreditNote(company, note, true)],
    }),
  );
}
