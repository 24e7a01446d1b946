import { parseArgs } from 'node:util';
import {
  syncConnectedOrganisationsNow,
  syncOrganisationNow,
  type OrganisationSyncResult,
} from '../../../connectors/sync-all.js';
import type { Runtime } from '../../runtime.js';
import { type CliCommand, UsageError } from '../command.js';
import { withRuntime } from '../with-runtime.js';

/**
 * `dunwise sync --org ID` syncs one organisation now (whatever is due for it: full, incremental, reconciliation);
 * `dunwise sync --all` does that for every connected organisation, due or not (the worker's hourly job syncs only
 * the due ones). `--full` asks for a full sync. Exit 1 when any organisation failed.
 */
export const syncCommand: CliCommand = {
  name: 'sync',
  usage: 'sync --org ID | --all [--full]      sync one organisation, or every connected one, now',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { org: { type: 'string' }, all: { type: 'boolean' }, full: { type: 'boolean' } },
      strict: true,
    });
    if (Boolean(values.org) === Boolean(values.all))
      throw new UsageError('give exactly one of --org ID or --all');
    return withRuntime(async (runtime) => {
      const results = await runSync(runtime, { org: values.org ?? null, full: values.full ?? false });
      for (const result of results) io.stdout.write(`${describe(result)}\n`);
      if (results.length === 0) io.stdout.write('no connected organisation to sync\n');
      return results.some((r) => r.status === 'failed') ? 1 : 0;
    });
  },
};

/** The command's work against a runtime (tests call this with their own). */
export async function runSync(
  runtime: Pick<Runtime, 'db' | 'log' | 'now' | 'connectors' | 'config'>,
  options: { org: string | null; full: boolean },
): Promise<OrganisationSyncResult[]> {
  const deps = {
    db: runtime.db,
    log: runtime.log,
    encryptionKey: runtime.config.encryptionKey,
    now: runtime.now,
  };
  const sync = { now: runtime.now(), kind: options.full ? ('full' as const) : ('auto' as const) };
  if (options.org) return [await syncOrganisationNow(deps, runtime.connectors, options.org, sync)];
  return syncConnectedOrganisationsNow(deps, runtime.connectors, sync);
}

function describe(result: OrganisationSyncResult): string {
  switch (result.status) {
    case 'synced': {
      const { outcome } = result;
      const counts = Object.entries(outcome.counts)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      return `${result.organisationId}: ${outcome.kind} sync ${outcome.status} (${outcome.apiCalls} API calls) ${counts}`.trim();
    }
    case 'failed':
      return `${result.organisationId}: failed${result.kind ? ` (${result.kind})` : ''}: ${result.error}`;
    case 'busy':
      return `${result.organisationId}: another process is syncing it`;
    case 'not_due':
      return `${result.organisationId}: synced by another process meanwhile`;
    case 'no_connector':
      return `${result.organisationId}: its provider is not configured`;
  }
}
