import { pathToFileURL } from 'node:url';
import cron, { type ScheduledTask } from 'node-cron';
import { runMain } from './main-helpers.js';
import type { Runtime } from './runtime.js';
import { workerJobs, type WorkerJob } from './worker-jobs.js';

/**
 * The worker process: cron ticks that sync books and run the cadence. Each job receives the tick's scheduled time,
 * never reads the clock itself, and never overlaps with its own previous run in this process. Several workers may
 * run: the jobs claim their work in Postgres (SKIP LOCKED, unique constraints), so none does the same work twice.
 */
export function startWorker(
  runtime: Runtime,
  jobs: WorkerJob[] = workerJobs(runtime),
): { stop: () => Promise<void> } {
  const inFlight = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      (ctx) => {
        const run = job
          .run(ctx.date)
          .catch((error: unknown) => runtime.log.error({ err: error, job: job.name }, 'job failed'))
          .finally(() => inFlight.delete(run));
        inFlight.add(run);
        return run;
      },
      { name: job.name, noOverlap: true, timezone: 'UTC' },
    ),
  );
  runtime.log.info({ jobs: jobs.map((j) => `${j.name} (${j.schedule})`) }, 'worker started');
  return {
    stop: async () => {
      for (const task of tasks) void task.stop();
      // Finish what is running: a send interrupted here would be an "unknown" delivery.
      await Promise.allSettled([...inFlight]);
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runMain('worker', (runtime) => {
    const worker = startWorker(runtime);
    return Promise.resolve([worker.stop]);
  });
}
