import type { CliCommand } from '../command.js';
import { migrateCommand } from './migrate.js';
import { sandboxCommand } from './sandbox.js';
import { usersCommand } from './users.js';

/** Every `dunwise` command, in the order the usage text lists them. */
export const commands: CliCommand[] = [migrateCommand, usersCommand, sandboxCommand];
