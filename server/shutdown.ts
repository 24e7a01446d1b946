import type { Logger } from './log.js';

/**
 * Runs the given steps in order on SIGTERM or SIGINT (Procfile platforms send SIGTERM, then SIGKILL after a
 * grace period), then exits. A second signal, or steps taking longer than `graceMs`, exits at once.
 */
export function onShutdown(log: Logger, steps: (() => Promise<void> | void)[], graceMs = 25_000): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    void (async () => {
      let code = 0;
      for (const step of steps) {
        try {
          await step();
        } catch (error) {
          code = 1;
          log.error({ err: error }, 'shutdown step failed');
        }
      }
      log.info('stopped');
      log.flush?.();
      process.exit(code);
    })();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
