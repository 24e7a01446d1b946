import type { CliCommand } from '../command.js';
import { migrateCommand } from './migrate.js';
import { orgsCommand } from './orgs.js';
import { planCommand } from './plan.js';
import { runCadenceCommand } from './run-cadence.js';
import { settingsCommand } from './settings.js';
import { syncCommand } from './sync.js';
import { sandboxCommand } from './sandbox.js';
import { usersCommand } from './users.js';

/** Every `dunwise` command, in the order the usage text lists them. */
export const commands: CliCommand[] = [
  migrateCommand,
  usersCommand,
  sandboxCommand,
  orgsCommand,
  syncCommand,
  settingsCommand,
  planCommand,
  runCadenceCommand,
];
