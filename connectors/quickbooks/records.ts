import type { Db } from '../../server/db/connect.js';
import type { Logger } from '../../server/log.js';
import {
  markDeleted,
  upsertCredits,
  upsertCustomers,
  upsertInvoices,
  upsertPayments,
  type InvoiceUpsertOptions,
} from '../store.js';
import type { DeletedRecord, SyncedCredit, SyncedCustomer, SyncedInvoice, SyncedPayment } from '../types.js';
import { lastUpdated, mapCreditMemo, mapCustomer, mapInvoice, mapPayment, type MapContext } from './map.js';
import {
  CreditMemoSchema,
  CustomerSchema,
  DeletedStubSchema,
  InvoiceSchema,
  PaymentSchema,
} from './schemas.js';

export const ENTITIES = ['Customer', 'Invoice', 'Payment', 'CreditMemo'] as const;
export type QboEntity = (typeof ENTITIES)[number];

/** One page (or CDC response) of records, mapped and ready to store. */
export interface RecordBatch {
  customers: SyncedCustomer[];
  invoices: SyncedInvoice[];
  payments: SyncedPayment[];
  credits: SyncedCredit[];
  deleted: DeletedRecord[];
  skipped: number;
  /** The latest MetaData.LastUpdatedTime seen, deleted stubs included (pitfall P12). */
  maxUpdated: Date | null;
}

export function emptyBatch(): RecordBatch {
  return {
    customers: [],
    invoices: [],
    payments: [],
    credits: [],
    deleted: [],
    skipped: 0,
    maxUpdated: null,
  };
}

/**
 * Validates and maps raw records one by one: a malformed record is skipped and logged with its Id, and the rest
 * of the page still lands ("Bad input" in issue 4).
 */
export function addRecords(
  batch: RecordBatch,
  entity: QboEntity,
  items: unknown[],
  ctx: MapContext,
  log: Logger,
): void {
  for (const item of items) {
    // Only CDC stubs say status "Deleted"; checking that first spares every live record a failed zod parse.
    const stub = isDeletedStatus(item) ? DeletedStubSchema.safeParse(item) : null;
    if (stub?.success) {
      batch.deleted.push(deletedRecord(entity, stub.data.Id));
      bump(batch, lastUpdated(stub.data));
      continue;
    }
    const mapped = mapOne(entity, item, ctx);
    if (!mapped.ok) {
      batch.skipped += 1;
      log.warn(
        { entity, externalId: idOf(item), problem: mapped.problem },
        'skipped a malformed QuickBooks record',
      );
      continue;
    }
    bump(batch, mapped.updated);
  }

  function mapOne(name: QboEntity, item: unknown, c: MapContext) {
    switch (name) {
      case 'Customer': {
        const r = CustomerSchema.safeParse(item);
        if (!r.success) return { ok: false as const, problem: r.error.issues[0]?.message };
        const mapped = mapCustomer(r.data, c);
        batch.customers.push(mapped);
        return { ok: true as const, updated: mapped.remoteUpdatedAt };
      }
      case 'Invoice': {
        const r = InvoiceSchema.safeParse(item);
        if (!r.success) return { ok: false as const, problem: describe(r.error.issues[0]) };
        const mapped = mapInvoice(r.data, c);
        batch.invoices.push(mapped);
        return { ok: true as const, updated: mapped.remoteUpdatedAt };
      }
      case 'Payment': {
        const r = PaymentSchema.safeParse(item);
        if (!r.success) return { ok: false as const, problem: describe(r.error.issues[0]) };
        const mapped = mapPayment(r.data, c);
        batch.payments.push(mapped);
        return { ok: true as const, updated: mapped.remoteUpdatedAt };
      }
      case 'CreditMemo': {
        const r = CreditMemoSchema.safeParse(item);
        if (!r.success) return { ok: false as const, problem: describe(r.error.issues[0]) };
        const mapped = mapCreditMemo(r.data, c);
        batch.credits.push(mapped);
        return { ok: true as const, updated: mapped.remoteUpdatedAt };
      }
    }
  }
}

export interface StoreCounts {
  written: number;
  deleted: number;
  skipped: number;
  records: number;
}

/** Writes a batch set-based: a few statements per page whatever its size (connectors/store.ts). */
export async function storeBatch(
  db: Db,
  organisationId: string,
  batch: RecordBatch,
  invoiceOptions: InvoiceUpsertOptions,
): Promise<StoreCounts> {
  const results = [
    await upsertCustomers(db, organisationId, batch.customers),
    await upsertInvoices(db, organisationId, batch.invoices, invoiceOptions),
    await upsertPayments(db, organisationId, batch.payments),
    await upsertCredits(db, organisationId, batch.credits),
  ];
  const deleted = batch.deleted.length > 0 ? await markDeleted(db, organisationId, batch.deleted) : 0;
  return {
    written: results.reduce((n, r) => n + r.inserted + r.updated, 0),
    deleted,
    skipped: batch.skipped,
    records:
      batch.customers.length +
      batch.invoices.length +
      batch.payments.length +
      batch.credits.length +
      batch.deleted.length,
  };
}

function deletedRecord(entity: QboEntity, externalId: string): DeletedRecord {
  switch (entity) {
    case 'Customer':
      return { entity: 'customer', externalId };
    case 'Invoice':
      return { entity: 'invoice', externalId };
    case 'Payment':
      return { entity: 'payment', externalId };
    case 'CreditMemo':
      return { entity: 'credit', kind: 'credit_memo', externalId };
  }
}

function bump(batch: RecordBatch, updated: Date | null): void {
  if (updated && (!batch.maxUpdated || updated > batch.maxUpdated)) batch.maxUpdated = updated;
}

function fieldOf(item: unknown, name: string): unknown {
  return item && typeof item === 'object' ? (item as Record<string, unknown>)[name] : undefined;
}

function isDeletedStatus(item: unknown): boolean {
  return fieldOf(item, 'status') === 'Deleted';
}

function idOf(item: unknown): string | null {
  const id = fieldOf(item, 'Id');
  return typeof id === 'string' ? id : null;
}

function describe(issue: { path: PropertyKey[]; message: string } | undefined): string | undefined {
  return issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : undefined;
}
