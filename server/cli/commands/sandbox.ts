import { runSandboxCommand, SANDBOX_USAGE } from '../../../sandbox/cli.js';
import type { CliCommand } from '../command.js';

export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  usage: `${SANDBOX_USAGE}   run the QuickBooks/Xero/SendGrid/Twilio stand-in alone`,
  run: (args, io) => runSandboxCommand(args, { stdout: io.stdout, stderr: io.stderr }),
};
