import { hostname } from 'node:os';
import type { Runtime } from '../../server/runtime.js';
import type { WorkerJob } from '../../server/worker-jobs.js';
import type { ChannelSenders } from '../channels/types.js';
import { writePendingNotes } from './notes-pass.js';
import { recoverInterruptedSends } from './recover.js';
import { retryFailedDeliveries } from './retry-deliveries.js';
import { runCadence } from './run.js';
import type { CadenceDeps } from './types.js';

/** The cadence's dependencies from a process runtime and its channel senders. */
export function cadenceDeps(runtime: Runtime, senders: ChannelSenders): CadenceDeps {
  return {
    db: runtime.db,
    log: runtime.log.child({ module: 'cadence' }),
    connectors: runtime.connectors,
    senders,
    now: runtime.now,
    workerId: `${hostname()}:${process.pid}`,
  };
}

/**
 * The cadence's recurring work for `server/worker-jobs.ts`. Each job gets the tick's scheduled time and never
 * reads the clock to decide anything; a tick that fires too often (B20) is harmless because claims are unique.
 */
export function cadenceJobs(runtime: Runtime, senders: ChannelSenders): WorkerJob[] {
  const deps = cadenceDeps(runtime, senders);
  return [
    { name: 'cadence', schedule: '*/5 * * * *', run: (at) => runCadence(deps, { now: at }) },
    { name: 'cadence-recover', schedule: '*/5 * * * *', run: (at) => recoverInterruptedSends(deps, at) },
    { name: 'cadence-retry', schedule: '* * * * *', run: (at) => retryFailedDeliveries(deps, { now: at }) },
    { name: 'cadence-notes', schedule: '* * * * *', run: (at) => writePendingNotes(deps, { now: at }) },
  ];
}
