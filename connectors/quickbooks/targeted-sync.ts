import { DateTime } from 'luxon';
import type { OrganisationRow } from '../../server/db/schema.js';
import type { ConnectorDeps } from '../deps.js';
import { linkInvoicesToCustomers } from '../store.js';
import type { SyncOutcome } from '../types.js';
import type { QboClient } from './client.js';
import type { MapContext } from './map.js';
import { addRecords, emptyBatch, ENTITIES, storeBatch, type QboEntity } from './records.js';
import { QueryResponseSchema } from './schemas.js';
import { finishRun, startRun } from './sync-run.js';

export interface EntityRef {
  entity: QboEntity;
  id: string;
}

/**
 * Re-reads the records a webhook named (`Id IN (...)`, one query per entity) and stores them; an invoice or payment
 * QuickBooks no longer returns was deleted. The watermark is not moved: the hourly CDC stays the safety net for
 * anything a webhook missed (reference §5.2).
 */
export async function syncEntities(
  deps: ConnectorDeps,
  client: QboClient,
  org: OrganisationRow,
  map: MapContext,
  refs: EntityRef[],
  now: Date,
): Promise<SyncOutcome> {
  const run = await startRun(deps.db, org.id, 'webhook', now, org.sync_watermark);
  const before = client.calls;
  try {
    const batch = emptyBatch();
    for (const entity of ENTITIES) {
      const ids = [...new Set(refs.filter((r) => r.entity === entity).map((r) => r.id))];
      for (let i = 0; i < ids.length; i += 100) {
        const chunk = ids.slice(i, i + 100);
        const list = chunk.map((id) => `'${id.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ');
        const active = entity === 'Customer' ? ' AND Active IN (true, false)' : '';
        const parsed = QueryResponseSchema.parse(
          await client.query(`SELECT * FROM ${entity} WHERE Id IN (${list})${active}`),
        );
        const items = parsed.QueryResponse[entity];
        const returnedBefore = countOf(batch, entity);
        addRecords(batch, entity, Array.isArray(items) ? items : [], map, deps.log);
        const returned = new Set(idsOf(batch, entity).slice(returnedBefore));
        for (const id of chunk) {
          if (returned.has(id)) continue;
          if (entity === 'Invoice') batch.deleted.push({ entity: 'invoice', externalId: id });
          if (entity === 'Payment') batch.deleted.push({ entity: 'payment', externalId: id });
        }
      }
    }
    const today = DateTime.fromJSDate(now, { zone: org.time_zone }).toISODate()!;
    const counts = await deps.db.transaction().execute(async (trx) => {
      const stored = await storeBatch(trx, org.id, batch, { initialSync: false, today });
      await linkInvoicesToCustomers(trx, org.id);
      return stored;
    });
    run.add('records', counts.records);
    run.add('written', counts.written);
    run.add('deleted', counts.deleted);
    run.add('skipped', counts.skipped);
    await finishRun(deps.db, run, {
      status: 'succeeded',
      finishedAt: deps.now(),
      apiCalls: client.calls - before,
      error: null,
      watermarkAfter: org.sync_watermark,
      progress: null,
    });
    if (deps.afterSync) await deps.afterSync(org.id, now);
    return {
      syncRunId: run.id,
      kind: 'webhook',
      status: 'succeeded',
      apiCalls: client.calls - before,
      counts: run.counts,
    };
  } catch (error) {
    await finishRun(deps.db, run, {
      status: 'failed',
      finishedAt: deps.now(),
      apiCalls: client.calls - before,
      error: error instanceof Error ? error.message : String(error),
      watermarkAfter: null,
      progress: null,
    });
    throw error;
  }
}

function idsOf(batch: ReturnType<typeof emptyBatch>, entity: QboEntity): string[] {
  const list = {
    Customer: batch.customers,
    Invoice: batch.invoices,
    Payment: batch.payments,
    CreditMemo: batch.credits,
  }[entity];
  return list.map((r) => r.externalId);
}

function countOf(batch: ReturnType<typeof emptyBatch>, entity: QboEntity): number {
  return idsOf(batch, entity).length;
}
