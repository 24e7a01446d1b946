import { parseArgs } from 'node:util';
import { loadSettings, saveSettings } from '../../../cadence/run/settings-store.js';
import { parseSettingsPatch, type CadenceSettings } from '../../../cadence/settings/index.js';
import type { Runtime } from '../../runtime.js';
import { type CliCommand, UsageError } from '../command.js';
import { withRuntime } from '../with-runtime.js';

/**
 * `dunwise settings show|set --org ID|--all [key=value…]`: the same validation as the settings page
 * (`parseSettingsPatch`), so an accountant can apply one policy to many organisations. With `--all`, every
 * organisation must accept the patch or none is changed; refused fields are listed per organisation (exit 1).
 */
export function createSettingsCommand(
  open: <T>(body: (rt: Runtime) => Promise<T>) => Promise<T> = withRuntime,
): CliCommand {
  return {
    name: 'settings',
    usage: 'settings show|set --org ID|--all [key=value…]  cadence settings',
    async run(args, io) {
      const { values, positionals } = parseArgs({
        args,
        options: { org: { type: 'string' }, all: { type: 'boolean' } },
        strict: true,
        allowPositionals: true,
      });
      const [action, ...pairs] = positionals;
      if (action !== 'show' && action !== 'set')
        throw new UsageError('expected `settings show` or `settings set`');
      if ((values.org === undefined) === (values.all !== true))
        throw new UsageError('give exactly one of --org ID or --all');
      if (action === 'show' && pairs.length > 0)
        throw new UsageError('`settings show` takes no key=value pairs');
      if (action === 'set' && pairs.length === 0)
        throw new UsageError('`settings set` needs at least one key=value');
      const patch: Record<string, string> = {};
      for (const pair of pairs) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new UsageError(`'${pair}' is not key=value`);
        patch[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      return open(async (runtime) => {
        const orgs = await runtime.db
          .selectFrom('organisation')
          .select(['id', 'name', 'time_zone', 'country'])
          .$if(values.org !== undefined, (q) => q.where('id', '=', values.org as string))
          .orderBy('name')
          .execute();
        if (orgs.length === 0) {
          io.stderr.write(
            values.org
              ? `dunwise settings: no organisation ${values.org}\n`
              : 'dunwise settings: no organisations\n',
          );
          return 1;
        }
        const current = await loadSettings(runtime.db, orgs);
        if (action === 'show') {
          const shown = orgs.map((o) => ({
            organisation_id: o.id,
            name: o.name,
            settings: current.get(o.id),
          }));
          io.stdout.write(`${JSON.stringify(values.org ? shown[0] : shown, null, 2)}\n`);
          return 0;
        }
        const next: { id: string; settings: CadenceSettings }[] = [];
        let refused = false;
        for (const org of orgs) {
          const result = parseSettingsPatch(current.get(org.id) as CadenceSettings, patch);
          if (result.ok) next.push({ id: org.id, settings: result.settings });
          else {
            refused = true;
            for (const e of result.errors)
              io.stderr.write(`${org.name} (${org.id}): ${e.field} ${e.message}\n`);
          }
        }
        if (refused) {
          io.stderr.write('dunwise settings: refused; nothing was saved\n');
          return 1;
        }
        const now = runtime.now();
        await runtime.db.transaction().execute(async (trx) => {
          for (const n of next) await saveSettings(trx, n.id, n.settings, null, now);
        });
        io.stdout.write(`updated ${next.length} organisation${next.length === 1 ? '' : 's'}\n`);
        return 0;
      });
    },
  };
}

export const settingsCommand = createSettingsCommand();
