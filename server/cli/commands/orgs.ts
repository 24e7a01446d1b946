import { parseArgs } from 'node:util';
import type { Runtime } from '../../runtime.js';
import { type CliCommand, UsageError } from '../command.js';
import { withRuntime } from '../with-runtime.js';

/** `dunwise orgs list [--json]`: every connected organisation (external_id is the realm or tenant id). */
export function createOrgsCommand(
  open: <T>(body: (rt: Runtime) => Promise<T>) => Promise<T> = withRuntime,
): CliCommand {
  return {
    name: 'orgs',
    usage: 'orgs list [--json]                            connected organisations',
    async run(args, io) {
      const { values, positionals } = parseArgs({
        args,
        options: { json: { type: 'boolean' } },
        strict: true,
        allowPositionals: true,
      });
      if (positionals.length !== 1 || positionals[0] !== 'list') throw new UsageError('expected `orgs list`');
      return open(async (runtime) => {
        const rows = await runtime.db
          .selectFrom('organisation')
          .select(['id', 'provider', 'name', 'external_id', 'status'])
          .orderBy('name')
          .orderBy('id')
          .execute();
        if (values.json) {
          io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        } else {
          for (const r of rows)
            io.stdout.write(
              `${r.id}  ${r.provider.padEnd(10)} ${r.status.padEnd(15)} ${r.name} (${r.external_id})\n`,
            );
          if (rows.length === 0) io.stdout.write('no organisations connected\n');
        }
        return 0;
      });
    },
  };
}

export const orgsCommand = createOrgsCommand();
