import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sandboxEnv } from '../sandbox/cli.js';
import { startSandbox, type RunningSandbox } from '../sandbox/server.js';

/**
 * The demo runs the sandbox inside `npm start`. Its address and app credentials are written to
 * `<dataDir>/sandbox.json` so that the CLI, run beside `npm start`, talks to the same sandbox.
 */
interface SandboxFile {
  ownerPid: number;
  /** Where the sandbox serves, for people: its own page is `<url>/sandbox`. */
  url: string;
  env: Record<string, string>;
}

export async function startDemoSandbox(
  dataDir: string,
  appUrl: string,
): Promise<{ sandbox: RunningSandbox; env: Record<string, string>; close: () => Promise<void> }> {
  const sandbox = await startSandbox({ port: 0, seed: 'demo' });
  // Dunwise sends as reminders@dunwise.local when APP_URL is localhost: the demo's SendGrid account has verified it.
  sandbox.world.sendgrid.verifiedSenders.add('dunwise.local');
  // APP_URL goes along so that a CLI run beside `npm start` gives providers the same callback addresses.
  const env = { ...sandboxEnv(sandbox.url, sandbox.world.apps), DEMO: 'true', APP_URL: appUrl };
  const file = path.resolve(dataDir, 'sandbox.json');
  await writeFile(
    file,
    JSON.stringify({ ownerPid: process.pid, url: sandbox.url, env } satisfies SandboxFile),
    {
      mode: 0o600,
    },
  );
  return {
    sandbox,
    env,
    close: async () => {
      await rm(file, { force: true });
      await sandbox.close();
    },
  };
}

/** The environment of the sandbox a running `npm start` serves, if there is one. */
export async function runningDemoSandboxEnv(dataDir: string): Promise<Record<string, string> | null> {
  try {
    const found = JSON.parse(await readFile(path.resolve(dataDir, 'sandbox.json'), 'utf8')) as SandboxFile;
    process.kill(found.ownerPid, 0);
    return found.env;
  } catch {
    return null;
  }
}
