import { parseArgs } from 'node:util';
import { migrateToLatest } from '../../db/migrate.js';
import type { CliCommand } from '../command.js';
import { withRuntime } from '../with-runtime.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'migrate                         apply pending database migrations',
  async run(args, io) {
    parseArgs({ args, options: {}, strict: true, allowPositionals: false });
    return withRuntime(async (runtime) => {
      const { results } = await migrateToLatest(runtime.db);
      const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
      io.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      return 0;
    });
  },
};
