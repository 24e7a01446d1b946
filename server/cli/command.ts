import type { Writable } from 'node:stream';

/**
 * One `dunwise` sub-command. `run` returns the exit code: 0 ok, 1 failure, 2 bad usage (DESIGN.md).
 * Commands that need the database get it from `openDatabase()`, which joins a running `npm start` when the
 * embedded server is in use (see server/cli/main.ts).
 */
export interface CliCommand {
  name: string;
  /** One line for the usage text, e.g. 'sync [--org ID | --all]'. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: Writable;
  stderr: Writable;
}

export class UsageError extends Error {
  override name = 'UsageError';
}
