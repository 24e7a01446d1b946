import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { startSandbox } from './server.js';
import { SANDBOX_TWILIO_FROM } from './twilio/numbers.js';
import type { SandboxApps } from './world.js';

export const SANDBOX_USAGE = 'sandbox [--port N] [--seed demo|SIZE] [--as-of YYYY-MM-DD]';

/**
 * The environment that points Dunwise at a sandbox: every provider's base URL, plus the sandbox's app
 * credentials so the unchanged connectors and channels authenticate against it.
 */
export function sandboxEnv(url: string, apps: SandboxApps): Record<string, string> {
  return {
    QUICKBOOKS_API_URL: `${url}/quickbooks`,
    INTUIT_AUTHORIZE_URL: `${url}/intuit/connect/oauth2`,
    INTUIT_TOKEN_URL: `${url}/intuit/oauth2/v1/tokens/bearer`,
    INTUIT_REVOKE_URL: `${url}/intuit/oauth2/v1/tokens/revoke`,
    INTUIT_USERINFO_URL: `${url}/intuit/v1/openid_connect/userinfo`,
    INTUIT_JWKS_URL: `${url}/intuit/oauth2/v1/keys`,
    XERO_IDENTITY_URL: `${url}/xero/identity`,
    XERO_API_URL: `${url}/xero/api`,
    SENDGRID_API_URL: `${url}/sendgrid`,
    TWILIO_API_URL: `${url}/twilio`,
    QUICKBOOKS_CLIENT_ID: apps.quickbooks.clientId,
    QUICKBOOKS_CLIENT_SECRET: apps.quickbooks.clientSecret,
    QUICKBOOKS_ENVIRONMENT: 'sandbox',
    QUICKBOOKS_WEBHOOK_VERIFIER: apps.quickbooks.webhookVerifier,
    XERO_CLIENT_ID: apps.xero.clientId,
    XERO_CLIENT_SECRET: apps.xero.clientSecret,
    XERO_WEBHOOK_KEY: apps.xero.webhookKey,
    SENDGRID_API_KEY: apps.sendgrid.apiKey,
    SENDGRID_WEBHOOK_PUBLIC_KEY: apps.sendgrid.webhookPublicKey,
    TWILIO_ACCOUNT_SID: apps.twilio.accountSid,
    TWILIO_AUTH_TOKEN: apps.twilio.authToken,
    TWILIO_FROM_NUMBER: SANDBOX_TWILIO_FROM,
  };
}

export interface SandboxCommandIo {
  stdout: Writable;
  stderr: Writable;
  /** Stops the sandbox when aborted; by default SIGINT or SIGTERM. */
  signal?: AbortSignal;
}

interface ParsedArgs {
  port: number;
  seed: 'demo' | number;
  asOf?: string;
}

function parse(args: string[]): ParsedArgs | string {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { port: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    return `--port must be 0 to 65535, got ${values.port}`;
  const seedText = values.seed ?? 'demo';
  const size = Number(seedText);
  if (seedText !== 'demo' && (!/^\d+$/.test(seedText) || size < 2 || size > 1_000_000)) {
    return `--seed must be "demo" or a number of invoices from 2 to 1000000, got ${seedText}`;
  }
  const asOf = values['as-of'];
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf))
    return `--as-of must be YYYY-MM-DD, got ${asOf}`;
  return { port, seed: seedText === 'demo' ? 'demo' : size, ...(asOf ? { asOf } : {}) };
}

function untilSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  controller.signal.addEventListener('abort', () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  });
  return controller.signal;
}

/** `dunwise sandbox`: runs the stand-in until interrupted. Exit codes: 0 ok, 1 failure, 2 bad usage. */
export async function runSandboxCommand(
  args: string[],
  io: SandboxCommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    io.stderr.write(`${parsed}\nusage: dunwise ${SANDBOX_USAGE}\n`);
    return 2;
  }
  let sandbox;
  try {
    sandbox = await startSandbox(parsed);
  } catch (error) {
    io.stderr.write(`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const env = sandboxEnv(sandbox.url, sandbox.world.apps);
  io.stdout.write(
    `Dunwise sandbox listening on ${sandbox.url} (control page: ${sandbox.url}/sandbox)\n\n` +
      `Point Dunwise at it with:\n${Object.entries(env)
        .map(([key, value]) => `${key}=${value}`)
        .join('\n')}\n`,
  );
  const signal = io.signal ?? untilSignal();
  if (!signal.aborted)
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await sandbox.close();
  return 0;
}
