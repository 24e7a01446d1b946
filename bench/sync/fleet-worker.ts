import type { CadenceRunSummary } from '../../cadence/run/index.js';
import type { OrganisationSyncResult } from '../../connectors/sync-all.js';
import { openRuntime, type Runtime } from '../../server/runtime.js';
import { workerJobs, type WorkerJob } from '../../server/worker-jobs.js';
import { serveParent } from './ipc.js';

/**
 * One Dunwise worker process for the multi-worker benches: the real runtime (`openRuntime('worker')`, the same
 * connectors, senders and database pool as `server/worker.ts`) and the real jobs (`server/worker-jobs.ts`). Instead
 * of node-cron firing, the parent says when a tick happens and with which scheduled time — exactly what cron hands
 * the job — so a simulated hour takes seconds and every worker ticks for the same instant.
 */
export type WorkerRequest =
  | { type: 'open'; env: Record<string, string> }
  | { type: 'run'; job: 'sync' | 'cadence'; at: string }
  | { type: 'close' };

export interface WorkerTick {
  pid: number;
  /** Wall-clock epoch ms when the job started and finished in this process. */
  startedAt: number;
  finishedAt: number;
  /** sync: organisations this worker synced (status 'synced'), failed, and found busy or no longer due. */
  synced?: { organisationId: string; apiCalls: number }[];
  failed?: { organisationId: string; error: string }[];
  skipped?: number;
  /** cadence: the run summary, with the sends counted by outcome. */
  cadence?: Omit<CadenceRunSummary, 'sent'> & { sent: Record<string, number> };
  peakRssMb: number;
}

let runtime: Runtime | null = null;
let jobs: WorkerJob[] = [];

serveParent(async (raw) => {
  const request = raw as WorkerRequest;
  if (request.type === 'open') {
    runtime = await openRuntime('worker', process.env, request.env);
    jobs = workerJobs(runtime);
    return process.pid;
  }
  if (request.type === 'close') {
    await runtime?.close();
    runtime = null;
    return null;
  }
  const job = jobs.find((j) => j.name === request.job);
  if (!job) throw new Error(`no worker job named ${request.job}`);
  // Cron fires the recovery pass on the same */5 schedule as the cadence: it runs beside it, as in production.
  const beside = request.job === 'cadence' ? jobs.filter((j) => j.name === 'cadence-recover') : [];
  const at = new Date(request.at);
  const startedAt = Date.now();
  const [result] = await Promise.all([job.run(at), ...beside.map((j) => j.run(at))]);
  const tick: WorkerTick = {
    pid: process.pid,
    startedAt,
    finishedAt: Date.now(),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  if (request.job === 'sync') {
    const results = result as OrganisationSyncResult[];
    tick.synced = results.flatMap((r) =>
      r.status === 'synced' ? [{ organisationId: r.organisationId, apiCalls: r.outcome.apiCalls }] : [],
    );
    tick.failed = results.flatMap((r) =>
      r.status === 'failed' ? [{ organisationId: r.organisationId, error: r.error }] : [],
    );
    tick.skipped = results.length - tick.synced.length - tick.failed.length;
  } else {
    const summary = result as CadenceRunSummary;
    const sent: Record<string, number> = {};
    for (const status of summary.sent.values()) sent[status] = (sent[status] ?? 0) + 1;
    tick.cadence = { ...summary, sent };
  }
  return tick;
});
