import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sandboxEnv } from '../../sandbox/cli.js';
import type { FleetSandboxStarted } from './fleet-protocol.js';
import type { WorkerRequest, WorkerTick } from './fleet-worker.js';
import { forkTs, type IpcChild } from './ipc.js';
import { workerNodeFlags } from '../worker-flags.js';

/**
 * The environment of a Dunwise process pointed at the fleet sandbox, as `dunwise sandbox` prints it: every
 * provider's URL and app credentials, the bench's database, and APP_URL at the sandbox's callback sink.
 */
export function fleetEnv(sandbox: FleetSandboxStarted, databaseUrl: string): Record<string, string> {
  return {
    ...sandboxEnv(sandbox.url, sandbox.apps),
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    APP_URL: sandbox.appUrl,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    DATA_DIR: path.join(tmpdir(), `dunwise-bench-fleet-${process.pid}`),
    LOG_LEVEL: 'error',
  };
}

export interface WorkerPool {
  pids: number[];
  /** Runs `job` at the scheduled time `at` in every worker at once; resolves when all have finished. */
  tick(job: 'sync' | 'cadence', at: Date): Promise<WorkerTick[]>;
  close(): Promise<void>;
}

/** Starts `count` worker processes (bench/sync/fleet-worker.ts), each with its own runtime on `env`. */
export async function startWorkers(count: number, env: Record<string, string>): Promise<WorkerPool> {
  const children: IpcChild[] = Array.from({ length: count }, () =>
    forkTs('./fleet-worker.ts', import.meta.url, workerNodeFlags()),
  );
  const close = async () => {
    await Promise.allSettled(children.map((c) => c.ask({ type: 'close' } satisfies WorkerRequest)));
    await Promise.all(children.map((c) => c.close()));
  };
  try {
    const pids = await Promise.all(
      children.map((c) => c.ask<number>({ type: 'open', env } satisfies WorkerRequest)),
    );
    return {
      pids,
      tick: (job, at) =>
        Promise.all(
          children.map((c) =>
            c.ask<WorkerTick>({ type: 'run', job, at: at.toISOString() } satisfies WorkerRequest),
          ),
        ),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
