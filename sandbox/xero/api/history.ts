import type { Request, Response } from 'express';
import type { WrittenNote } from '../../books/types.js';
import type { XeroContext } from '../context.js';
import { isoSecondsNoZone, msDateTime } from '../dates.js';
import { envelope } from './envelope.js';
import { notFound, validationException, type ValidationElement } from './errors.js';
import type { TenantLocals } from './guard.js';
import { findInvoice } from './invoices.js';

/** History & Notes (reference §3): Details at most 250 characters; notes can be added, never changed. */
export const MAX_DETAILS = 250;
const MAX_IDEMPOTENCY_KEY = 128;

export function getInvoiceHistory(ctx: XeroContext, req: Request, res: Response): void {
  const { company } = res.locals as TenantLocals;
  const invoice = findInvoice(company, String(req.params.id));
  if (!invoice) return notFound(res);
  const notes = ctx.world.received.notes
    .filter((n) => n.companyId === company.id && n.invoiceId === invoice.id)
    .map((n) => ({
      Changes: 'Note',
      DateUTCString: isoSecondsNoZone(n.at),
      DateUTC: msDateTime(n.at),
      User: 'System Generated',
      Details: n.text,
    }))
    .reverse();
  const created = {
    Changes: 'Created',
    DateUTCString: isoSecondsNoZone(invoice.createdAt),
    DateUTC: msDateTime(invoice.createdAt),
    User: 'System Generated',
    Details: `INV ${invoice.number} created.`,
  };
  res.json(envelope(ctx.options.providerName, ctx.world.now(), { HistoryRecords: [...notes, created] }));
}

/** PUT (or POST) /Invoices/{id}/History with {"HistoryRecords":[{"Details":"…"}]}; honours Idempotency-Key. */
export function addInvoiceHistory(ctx: XeroContext, req: Request, res: Response): void {
  const { company } = res.locals as TenantLocals;
  const key = req.get('idempotency-key') ?? null;
  if (key !== null && key.length > MAX_IDEMPOTENCY_KEY) {
    return validationException(res, [
      {
        ValidationErrors: [{ Message: `Idempotency-Key must be ${MAX_IDEMPOTENCY_KEY} characters or less` }],
      },
    ]);
  }
  const replayKey = key === null ? null : `${company.id}\u0000${key}`;
  const previous = replayKey === null ? undefined : ctx.idempotent.get(replayKey);
  if (previous) return void res.status(previous.status).json(previous.body);
  const invoice = findInvoice(company, String(req.params.id));
  if (!invoice) return notFound(res);
  const records = (req.body as { HistoryRecords?: unknown } | undefined)?.HistoryRecords;
  if (!Array.isArray(records) || records.length === 0) {
    return validationException(res, [
      { ValidationErrors: [{ Message: 'A history record must be supplied' }] },
    ]);
  }
  const now = ctx.world.now();
  const problems: ValidationElement[] = [];
  for (const record of records as unknown[]) {
    const details = (record as { Details?: unknown } | null)?.Details;
    const messages: { Message: string }[] = [];
    if (typeof details !== 'string' || details.trim() === '')
      messages.push({ Message: 'Details is required' });
    else if (details.length > MAX_DETAILS)
      messages.push({ Message: `The Details must be no more than ${MAX_DETAILS} characters long` });
    if (messages.length > 0)
      problems.push({
        DateUTCString: isoSecondsNoZone(now),
        DateUTC: msDateTime(now),
        Details: typeof details === 'string' ? details : '',
        ValidationErrors: messages,
      });
  }
  if (problems.length > 0) return validationException(res, problems);
  const created = (records as { Details: string }[]).map((record) => {
    const note: WrittenNote = {
      id: `xero-note-${company.nextId++}`,
      companyId: company.id,
      invoiceId: invoice.id,
      text: record.Details,
      idempotencyKey: key,
      at: now,
    };
    ctx.world.received.notes.push(note);
    return {
      DateUTCString: isoSecondsNoZone(now),
      DateUTC: msDateTime(now),
      Details: record.Details,
      ValidationErrors: [],
    };
  });
  const body = envelope(ctx.options.providerName, now, { HistoryRecords: created });
  if (replayKey !== null) ctx.idempotent.set(replayKey, { status: 200, body });
  res.json(body);
}
