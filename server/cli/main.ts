import { ConfigError } from '../config.js';
import { reportStartupFailure } from '../main-helpers.js';
import { StartupError } from '../runtime.js';
import { type CliCommand, type CliIo, UsageError } from './command.js';
import { commands } from './commands/index.js';

export function usage(list: CliCommand[] = commands): string {
  return (
    ['usage: dunwise <command> [options]', '', 'commands:', ...list.map((c) => `  ${c.usage}`)].join('\n') +
    '\n'
  );
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failure, 2 bad usage). */
export async function runCli(argv: string[], io: CliIo, list: CliCommand[] = commands): Promise<number> {
  const [name, ...args] = argv;
  // `dunwise plan | head`: once the reader has gone, the rest of the output has nowhere to go. The command still
  // finishes (and closes the database) instead of dying on an unhandled EPIPE.
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') io.stderr.write(`dunwise: cannot write output: ${error.message}\n`);
  });
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr).write(usage(list));
    return name ? 0 : 2;
  }
  const command = list.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`dunwise: unknown command '${name}'\n\n${usage(list)}`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`dunwise ${name}: ${(error as Error).message}\nusage: dunwise ${command.usage}\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof StartupError) {
      reportStartupFailure(error);
      return 1;
    }
    io.stderr.write(`dunwise ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
