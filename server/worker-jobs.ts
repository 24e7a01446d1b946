import { hostname } from 'node:os';
import { cadenceJobs } from '../cadence/run/index.js';
import { syncDueOrganisations } from '../connectors/sync-all.js';
import type { Runtime } from './runtime.js';

export interface WorkerJob {
  name: string;
  /** node-cron expression, evaluated in UTC. */
  schedule: string;
  /** `scheduledAt` is the tick's own time; jobs derive every time decision from it. */
  run(scheduledAt: Date): Promise<unknown>;
}

/**
 * The recurring work of a worker process. The sync job runs every five minutes and syncs the organisations whose
 * last sync is an hour old, so a fleet's hourly syncs spread over the hour instead of all starting at :00.
 */
export function workerJobs(runtime: Runtime): WorkerJob[] {
  const workerId = `${hostname()}:${process.pid}`;
  return [
    {
      name: 'sync',
      schedule: '*/5 * * * *',
      run: (at) => syncDueOrganisations(runtime.connectorDeps, runtime.connectors, at, { workerId }),
    },
    ...cadenceJobs(runtime, runtime.senders),
  ];
}
