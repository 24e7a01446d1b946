import type { Company } from '../books/types.js';
import { faults, type QboError } from './faults.js';
import { metaData } from './render-common.js';
import { renderInvoice } from './render-invoice.js';
import type { QboState } from './state.js';

export type WriteReply = { status: number; body: object } | { error: QboError };

/** QBO field limits the sandbox enforces (reference §3.1, §3.5). */
export const PRIVATE_NOTE_MAX = 4000;
export const ATTACHABLE_NOTE_MAX = 2000;

type Body = Record<string, unknown>;

/**
 * `POST invoice` (update). Sparse updates change only the fields sent; a full update must carry the
 * required fields and blanks the PrivateNote it omits. The SyncToken must be the current one, else 5010.
 * Only PrivateNote and DueDate are writable here: they are what a dunning tool could touch.
 */
export function updateInvoice(state: QboState, company: Company, body: Body): WriteReply {
  if (typeof body.Id !== 'string' && typeof body.Id !== 'number')
    return { error: faults.requiredParam('Id') };
  if (typeof body.SyncToken !== 'string' && typeof body.SyncToken !== 'number') {
    return { error: faults.requiredParam('SyncToken') };
  }
  const invoice = company.index.invoices.get(String(body.Id));
  if (!invoice || invoice.status === 'deleted') return { error: faults.notFound() };
  if (String(body.SyncToken) !== String(invoice.version)) return { error: faults.staleObject() };
  const sparse = body.sparse === true || body.sparse === 'true';
  if (!sparse) {
    if (!body.CustomerRef) return { error: faults.requiredParam('CustomerRef') };
    if (!Array.isArray(body.Line)) return { error: faults.requiredParam('Line') };
  }
  if (body.PrivateNote !== undefined && typeof body.PrivateNote !== 'string') {
    return { error: faults.invalidProperty('PrivateNote') };
  }
  if (typeof body.PrivateNote === 'string' && body.PrivateNote.length > PRIVATE_NOTE_MAX) {
    return { error: faults.stringLength('PrivateNote', PRIVATE_NOTE_MAX, body.PrivateNote.length) };
  }
  if (
    body.DueDate !== undefined &&
    (typeof body.DueDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(body.DueDate))
  ) {
    return { error: faults.invalidProperty('DueDate') };
  }

  const key = `${company.id}/${invoice.id}`;
  if (typeof body.PrivateNote === 'string') state.privateNotes.set(key, body.PrivateNote);
  else if (!sparse) state.privateNotes.delete(key);
  if (typeof body.DueDate === 'string') invoice.dueDate = body.DueDate;
  state.world.touch(company, 'Invoice', invoice, 'Update');
  return { status: 200, body: { Invoice: renderInvoice(company, invoice, state.privateNotes.get(key)) } };
}

interface EntityRef {
  type: string;
  value: string;
}

/**
 * `POST attachable` with a Note linked to invoices. Stored in `world.received.notes` so tests and the demo
 * can show what Dunwise wrote back.
 */
export function createAttachable(
  state: QboState,
  company: Company,
  body: Body,
  requestId: string | null,
): WriteReply {
  const refs = Array.isArray(body.AttachableRef) ? (body.AttachableRef as unknown[]) : [];
  const note = body.Note;
  if (note !== undefined && typeof note !== 'string') return { error: faults.invalidProperty('Note') };
  if (!note && typeof body.FileName !== 'string') return { error: faults.requiredParam('Note') };
  if (typeof note === 'string' && note.length > ATTACHABLE_NOTE_MAX) {
    return { error: faults.stringLength('Note', ATTACHABLE_NOTE_MAX, note.length) };
  }
  const entityRefs: { ref: EntityRef; includeOnSend: boolean }[] = [];
  for (const item of refs) {
    const entry = (item ?? {}) as Body;
    const ref = (entry.EntityRef ?? {}) as Body;
    if (typeof ref.type !== 'string' || (typeof ref.value !== 'string' && typeof ref.value !== 'number')) {
      return { error: faults.requiredParam('AttachableRef.EntityRef') };
    }
    const entityRef = { type: ref.type, value: String(ref.value) };
    if (entityRef.type.toLowerCase() === 'invoice') {
      const invoice = company.index.invoices.get(entityRef.value);
      if (!invoice || invoice.status === 'deleted')
        return { error: faults.invalidReference('AttachableRef') };
      entityRef.type = 'Invoice';
    }
    entityRefs.push({ ref: entityRef, includeOnSend: entry.IncludeOnSend === true });
  }

  const now = state.world.now();
  const id = String(company.nextId++);
  for (const { ref } of entityRefs) {
    if (ref.type !== 'Invoice') continue;
    state.world.received.notes.push({
      id,
      companyId: company.id,
      invoiceId: ref.value,
      text: note ?? '',
      idempotencyKey: requestId,
      at: now,
    });
  }
  return {
    status: 200,
    body: {
      Attachable: {
        Id: id,
        SyncToken: '0',
        domain: 'QBO',
        sparse: false,
        MetaData: metaData({ createdAt: now, updatedAt: now }),
        ...(note ? { Note: note } : {}),
        AttachableRef: entityRefs.map(({ ref, includeOnSend }) => ({
          EntityRef: ref,
          IncludeOnSend: includeOnSend,
        })),
      },
    },
  };
}
