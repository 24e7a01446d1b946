import { sql } from 'kysely';
import { createBenchDatabase } from '../database.js';
import { median } from '../harness.js';
import type { FleetSandboxRequest, FleetSandboxStarted, Traffic } from './fleet-protocol.js';
import { connectFleet } from './fleet-setup.js';
import type { WorkerTick } from './fleet-worker.js';
import { fleetEnv, startWorkers } from './fleet-workers.js';
import { forkTs } from './ipc.js';

const MINUTE = 60_000;
const TICK_EVERY = 5 * MINUTE;
const HOUR = 60 * MINUTE;

export interface FleetMeasurement {
  organisations: number;
  invoices: number;
  setupMs: number;
  /** Real time of the 12 ticks, back to back. */
  hourMs: number;
  /** Slowest tick (slowest worker), real ms: a tick longer than 5 minutes would make cron skip the next one. */
  slowestTickMs: number;
  /** Organisations each worker synced in the hour. */
  perWorker: number[];
  /** Organisations by the number of times they were synced in the hour (sync_run rows that succeeded). */
  syncedTimes: Record<string, number>;
  /** Due time → sync finished, per organisation, in minutes (the tick's wait plus the work inside the tick). */
  lagMinutes: { median: number; p95: number; max: number };
  apiCalls: number;
  traffic: Traffic;
  problems: string[];
}

/**
 * Issue 9's fleet: `organisations` small books (QuickBooks and Xero in turn) connected through the real flows, each
 * last synced at its own minute of the previous hour, so that one is due every 60/N minutes as at steady state.
 * Three worker processes then run the worker's `sync` job (syncDueOrganisations) for the 12 five-minute ticks of
 * the next hour, each tick given its scheduled time as cron gives it, all workers ticking together; ticks follow
 * each other as soon as the previous one is done, so the simulated hour takes seconds. Every organisation must be
 * synced exactly once in that hour.
 */
export async function measureFleet(
  adminUrl: string,
  options: { organisations: number; workers: number; asOf: string; log: (line: string) => void },
): Promise<FleetMeasurement> {
  const sandbox = forkTs('./fleet-sandbox.ts', import.meta.url);
  const database = await createBenchDatabase(adminUrl, 'fleet', 6);
  const problems: string[] = [];
  try {
    const setupStart = performance.now();
    const started = await sandbox.ask<FleetSandboxStarted>({
      type: 'start',
      books: { kind: 'generated', organisations: options.organisations, asOf: options.asOf },
    } satisfies FleetSandboxRequest);
    const env = fleetEnv(started, database.url);
    // The hour measured starts at the last five-minute mark; organisation i became due at hourStart + dueAfter(i).
    const hourStart = Math.floor(Date.now() / TICK_EVERY) * TICK_EVERY;
    const dueAfter = (index: number) => Math.round((HOUR * (index + 1)) / options.organisations);
    // The workers start (a few seconds each) while the fleet is connected: they only need the database.
    const starting = startWorkers(options.workers, env);
    const fleet = await connectFleet(database.db, env, started.companies, {
      syncAt: (index) => new Date(hourStart - HOUR + dueAfter(index)),
      concurrency: 6,
      log: options.log,
    }).catch(async (error: unknown) => {
      await starting.then((w) => w.close()).catch(() => undefined);
      throw error;
    });
    const dueAt = new Map(fleet.organisationIds.map((id, index) => [id, hourStart + dueAfter(index)]));
    const workers = await starting;
    const setupMs = performance.now() - setupStart;
    options.log(
      `  fleet: ${options.organisations} organisations (${started.invoices} invoices) connected and synced, setup ${(setupMs / 1000).toFixed(0)} s`,
    );

    const ticks: { at: number; results: WorkerTick[] }[] = [];
    const hourBegan = performance.now();
    try {
      await sandbox.ask({ type: 'reset-traffic' } satisfies FleetSandboxRequest);
      for (let k = 1; k <= 12; k += 1) {
        const at = hourStart + k * TICK_EVERY;
        ticks.push({ at, results: await workers.tick('sync', new Date(at)) });
      }
    } finally {
      await workers.close();
    }
    const hourMs = performance.now() - hourBegan;
    const traffic = await sandbox.ask<Traffic>({ type: 'traffic' } satisfies FleetSandboxRequest);

    // The database's record: every sync run started by a tick of the hour, whoever ran it.
    const { rows: runs } = await sql<{
      organisation_id: string;
      started_at: Date;
      finished_at: Date | null;
      status: string;
      api_calls: number;
    }>`
      select organisation_id, started_at, finished_at, status, api_calls from sync_run
      where started_at > ${new Date(hourStart)} and started_at <= ${new Date(hourStart + HOUR)}
    `.execute(database.db);
    const succeeded = new Map<string, number>();
    for (const run of runs)
      if (run.status === 'succeeded' || run.status === 'partial')
        succeeded.set(run.organisation_id, (succeeded.get(run.organisation_id) ?? 0) + 1);
    const syncedTimes: Record<string, number> = {};
    for (const id of fleet.organisationIds) {
      const n = succeeded.get(id) ?? 0;
      syncedTimes[n] = (syncedTimes[n] ?? 0) + 1;
    }
    for (const [times, count] of Object.entries(syncedTimes))
      if (times !== '1') problems.push(`fleet: ${count} organisations synced ${times} times in the hour`);
    const failed = runs.filter((r) => r.status === 'failed').length;
    if (failed > 0) problems.push(`fleet: ${failed} sync runs failed in the hour`);

    // Which worker synced what, and when its tick began (real time), from the workers' own answers.
    const byWorker = new Map<number, number>();
    const tickStart = new Map<string, number>();
    for (const tick of ticks) {
      for (const result of tick.results) {
        byWorker.set(result.pid, (byWorker.get(result.pid) ?? 0) + (result.synced?.length ?? 0));
        for (const s of result.synced ?? [])
          tickStart.set(`${s.organisationId}|${tick.at}`, result.startedAt);
        for (const f of result.failed ?? []) problems.push(`fleet: ${f.organisationId} failed: ${f.error}`);
      }
    }
    const reported = [...byWorker.values()].reduce((a, b) => a + b, 0);
    if (reported !== (syncedTimes['1'] ?? 0) + 2 * (syncedTimes['2'] ?? 0))
      options.log(`  fleet: workers report ${reported} syncs, the database ${runs.length} runs`);
    const lags: number[] = [];
    for (const run of runs) {
      const began = tickStart.get(`${run.organisation_id}|${run.started_at.getTime()}`);
      const due = dueAt.get(run.organisation_id);
      if (began === undefined || due === undefined || !run.finished_at) continue;
      lags.push((run.started_at.getTime() - due + (run.finished_at.getTime() - began)) / MINUTE);
    }
    lags.sort((a, b) => a - b);
    return {
      organisations: options.organisations,
      invoices: started.invoices,
      setupMs,
      hourMs,
      slowestTickMs: Math.max(...ticks.flatMap((t) => t.results.map((r) => r.finishedAt - r.startedAt))),
      perWorker: [...byWorker.values()],
      syncedTimes,
      lagMinutes: {
        median: lags.length ? median(lags) : NaN,
        p95: lags[Math.min(lags.length - 1, Math.ceil(lags.length * 0.95) - 1)] ?? NaN,
        max: lags[lags.length - 1] ?? NaN,
      },
      apiCalls: runs.reduce((a, r) => a + r.api_calls, 0),
      traffic,
      problems,
    };
  } finally {
    await sandbox.close();
    await database.drop();
  }
}
