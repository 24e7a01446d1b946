import { ConfigError } from './config.js';
import { openRuntime, type Role, type Runtime, StartupError } from './runtime.js';
import { onShutdown } from './shutdown.js';

/**
 * Entry-point boilerplate shared by `npm start`, `web` and `worker`: build the runtime, start the process's
 * parts, stop them in reverse order on SIGTERM. Configuration and startup problems print one line each and exit 1.
 */
export function runMain(role: Role, start: (runtime: Runtime) => Promise<(() => Promise<void>)[]>): void {
  void (async () => {
    let runtime: Runtime | undefined;
    try {
      runtime = await openRuntime(role, process.env);
      const stops = await start(runtime);
      onShutdown(runtime.log, [...stops, runtime.close]);
    } catch (error) {
      reportStartupFailure(error);
      await runtime?.close().catch(() => undefined);
      process.exit(1);
    }
  })();
}

export function reportStartupFailure(error: unknown): void {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) process.stderr.write(`config: ${problem}\n`);
  } else if (error instanceof StartupError) {
    process.stderr.write(`dunwise: ${error.message}\n`);
  } else {
    process.stderr.write(
      `dunwise: could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
}
