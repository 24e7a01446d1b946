import { runCli } from './main.js';

/** `dunwise` entry for tsx (`node --import tsx server/cli/run.ts …`); bin/dunwise.js does the same for installs. */
process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
