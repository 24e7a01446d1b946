import { parseArgs } from 'node:util';
import { cadenceDeps } from '../../../cadence/run/jobs.js';
import { runCadence } from '../../../cadence/run/run.js';
import { isUuid } from '../../pages/organisation-access.js';
import type { Runtime } from '../../runtime.js';
import { type CliCommand, UsageError } from '../command.js';
import { withRuntime } from '../with-runtime.js';

/** `dunwise run-cadence [--org ID]`: one cadence pass now (plan, claim, send), as the worker's tick does. */
export function createRunCadenceCommand(
  open: <T>(body: (rt: Runtime) => Promise<T>) => Promise<T> = withRuntime,
): CliCommand {
  return {
    name: 'run-cadence',
    usage: 'run-cadence [--org ID]                        run the cadence once, now',
    async run(args, io) {
      const { values, positionals } = parseArgs({
        args,
        options: { org: { type: 'string' } },
        strict: true,
        allowPositionals: true,
      });
      if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
      if (values.org !== undefined && !isUuid(values.org))
        throw new UsageError('--org must be an organisation id');
      return open(async (runtime) => {
        const summary = await runCadence(cadenceDeps(runtime, runtime.senders), {
          organisationId: values.org,
          now: runtime.now(),
        });
        const outcomes = new Map<string, number>();
        for (const result of summary.sent.values()) outcomes.set(result, (outcomes.get(result) ?? 0) + 1);
        io.stdout.write(
          `planned ${summary.planned} customers; claimed ${summary.claimed}, queued for approval ${summary.queued}, ` +
            `already claimed ${summary.alreadyClaimed}; touchpoints: ${[...outcomes].map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}\n`,
        );
        return 0;
      });
    },
  };
}

export const runCadenceCommand = createRunCadenceCommand();
