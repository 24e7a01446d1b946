import type { Runtime } from './runtime.js';

export interface WorkerJob {
  name: string;
  /** node-cron expression, evaluated in UTC. */
  schedule: string;
  /** `scheduledAt` is the tick's own time; jobs derive every time decision from it. */
  run(scheduledAt: Date): Promise<unknown>;
}

/** The recurring work of a worker process. */
export function workerJobs(_runtime: Runtime): WorkerJob[] {
  return [];
}
