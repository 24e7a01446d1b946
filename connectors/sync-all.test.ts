import { describe, expect, it } from 'vitest';
import { createDb, createPool, type Db } from '../server/db/connect.js';
import { useTestDatabase } from '../test/db.js';
import { buildConnection, buildOrganisation } from '../test/factories.js';
import { silentLog } from '../test/fixtures/quickbooks/harness.js';
import { TEST_ENCRYPTION_KEY } from '../test/factories.js';
import { syncConnectedOrganisationsNow, syncDueOrganisations, syncOrganisationNow } from './sync-all.js';
import { ConnectorError, type Connector } from './types.js';

const t = useTestDatabase();
const at = new Date('2026-12-03T15:00:00Z');
const deps = (db: Db) => ({ db, log: silentLog, encryptionKey: TEST_ENCRYPTION_KEY, now: () => at });

/** A connector that records which organisations it synced and marks them synced, slowly. */
function recordingConnector(db: Db, synced: string[], failFor = new Set<string>()): Connector {
  return {
    provider: 'quickbooks',
    async syncOrganisation(id, options) {
      synced.push(id);
      await new Promise((r) => setTimeout(r, 30));
      if (failFor.has(id)) {
        // As both real connectors do: every attempt leaves a sync_run, a failed one marked so.
        await db
          .insertInto('sync_run')
          .values({ organisation_id: id, kind: 'incremental', started_at: options.now, status: 'failed' })
          .execute();
        throw new ConnectorError('quickbooks', 'transient', 'boom');
      }
      await db.updateTable('organisation').set({ last_sync_at: options.now }).where('id', '=', id).execute();
      return { syncRunId: 'r', kind: 'incremental', status: 'succeeded', apiCalls: 1, counts: {} };
    },
    fetchInvoiceState: () => Promise.reject(new Error('unused')),
    addInvoiceNote: () => Promise.reject(new Error('unused')),
  };
}

async function org(
  fields: {
    lastSyncMinutesAgo?: number | null;
    status?: 'active' | 'needs_reconnect';
    limitedForMs?: number;
  } = {},
) {
  const connection = await buildConnection(t.db);
  const row = await buildOrganisation(t.db, {
    workspaceId: connection.workspace_id,
    connectionId: connection.id,
  });
  await t.db
    .updateTable('organisation')
    .set({
      last_sync_at:
        fields.lastSyncMinutesAgo == null
          ? null
          : new Date(at.getTime() - fields.lastSyncMinutesAgo * 60_000),
      status: fields.status ?? 'active',
      rate_limited_until: fields.limitedForMs ? new Date(at.getTime() + fields.limitedForMs) : null,
    })
    .where('id', '=', row.id)
    .execute();
  return row.id;
}

describe('syncDueOrganisations', () => {
  it('two workers on separate pools sync every due organisation exactly once, skipping the not-due, reconnect and throttled', async () => {
    await t.db.deleteFrom('organisation').execute();
    const due = [
      await org(),
      await org({ lastSyncMinutesAgo: 61 }),
      await org({ lastSyncMinutesAgo: 120 }),
      await org(),
    ];
    const fresh = await org({ lastSyncMinutesAgo: 10 });
    const reconnect = await org({ status: 'needs_reconnect' });
    const throttled = await org({ limitedForMs: 30_000 });
    const otherPool = createPool({ connectionString: t.url, max: 4 });
    const otherDb = createDb(otherPool);
    const synced: string[] = [];
    try {
      await Promise.all([
        syncDueOrganisations(deps(t.db), { quickbooks: recordingConnector(t.db, synced) }, at, {
          workerId: 'a',
        }),
        syncDueOrganisations(deps(otherDb), { quickbooks: recordingConnector(otherDb, synced) }, at, {
          workerId: 'b',
        }),
      ]);
    } finally {
      await otherDb.destroy();
    }
    expect([...synced].sort()).toEqual([...due].sort());
    expect(synced).not.toContain(fresh);
    expect(synced).not.toContain(reconnect);
    expect(synced).not.toContain(throttled);
  });

  it("one organisation's failure does not stop the others", async () => {
    await t.db.deleteFrom('organisation').execute();
    const a = await org();
    const b = await org();
    const c = await org();
    const synced: string[] = [];
    const results = await syncDueOrganisations(
      deps(t.db),
      { quickbooks: recordingConnector(t.db, synced, new Set([a])) },
      at,
      { workerId: 'w' },
    );
    expect(new Set(synced)).toEqual(new Set([a, b, c]));
    expect(results.find((r) => r.organisationId === a)).toMatchObject({
      status: 'failed',
      kind: 'transient',
    });
    expect(results.filter((r) => r.status === 'synced')).toHaveLength(2);
  });

  it('organisations that keep failing do not keep the healthy ones behind them from ever syncing', async () => {
    await t.db.deleteFrom('organisation').execute();
    // Two organisations whose provider is down, synced longest ago, and one healthy; two fit in a tick.
    const down = [await org({ lastSyncMinutesAgo: 180 }), await org({ lastSyncMinutesAgo: 170 })];
    const healthy = await org({ lastSyncMinutesAgo: 90 });
    const tick = async (minutes: number) => {
      const synced: string[] = [];
      const results = await syncDueOrganisations(
        deps(t.db),
        { quickbooks: recordingConnector(t.db, synced, new Set(down)) },
        new Date(at.getTime() + minutes * 60_000),
        { workerId: 'w', limit: 2 },
      );
      return results.map((r) => [r.organisationId, r.status]);
    };
    expect(await tick(0)).toEqual([
      [down[0], 'failed'],
      [down[1], 'failed'],
    ]);
    expect(await tick(5)).toEqual([[healthy, 'synced']]);
    expect(await tick(10)).toEqual([]);
    // Tried again once the retry delay has passed.
    expect(await tick(15)).toEqual([
      [down[0], 'failed'],
      [down[1], 'failed'],
    ]);
  });

  it('syncOrganisationNow runs one organisation even when it is not due', async () => {
    const id = await org({ lastSyncMinutesAgo: 5 });
    const synced: string[] = [];
    const result = await syncOrganisationNow(
      deps(t.db),
      { quickbooks: recordingConnector(t.db, synced) },
      id,
      { now: at },
    );
    expect(result.status).toBe('synced');
    expect(synced).toEqual([id]);
  });
});

describe('syncConnectedOrganisationsNow (dunwise sync --all)', () => {
  it('syncs every connected active organisation now, due or not, with the kind asked for', async () => {
    await t.db.deleteFrom('organisation').execute();
    const never = await org();
    const fresh = await org({ lastSyncMinutesAgo: 5 });
    const reconnect = await org({ status: 'needs_reconnect' });
    const synced: string[] = [];
    const kinds: (string | undefined)[] = [];
    const connector = recordingConnector(t.db, synced);
    const recording: Connector = {
      ...connector,
      syncOrganisation: (id, options) => {
        kinds.push(options.kind);
        return connector.syncOrganisation(id, options);
      },
    };
    const results = await syncConnectedOrganisationsNow(
      deps(t.db),
      { quickbooks: recording },
      { now: at, kind: 'full' },
    );
    expect(new Set(synced)).toEqual(new Set([never, fresh]));
    expect(synced).not.toContain(reconnect);
    expect(kinds).toEqual(['full', 'full']);
    expect(results.map((r) => r.status)).toEqual(['synced', 'synced']);
  });
});
