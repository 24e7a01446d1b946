import { createServer } from 'node:net';
import { sandboxEnv } from '../../sandbox/cli.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { openRuntime, type Runtime } from '../../server/runtime.js';
import { startWeb } from '../../server/web.js';

export interface AppWithSandbox {
  /** The app's address, as the browser and the providers' callbacks know it (APP_URL). */
  url: string;
  sandbox: RunningSandbox;
  runtime: Runtime;
  close: () => Promise<void>;
}

/**
 * The real web process (runtime, connectors, provider routes, pages) on the test's database, with every provider
 * pointed at a sandbox of the demo books, the way `npm start` wires its demo. Nothing is seeded in Dunwise's
 * database: users sign up and connect through the pages.
 */
export async function startAppWithSandbox(databaseUrl: string): Promise<AppWithSandbox> {
  const sandbox = await startSandbox({ seed: 'demo' });
  // The sender Dunwise uses when APP_URL is localhost, verified as the demo does (server/demo-sandbox.ts).
  sandbox.world.sendgrid.verifiedSenders.add('dunwise.local');
  // Providers redirect back to APP_URL, which must be known before the server listens: reserve a port first.
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const runtime = await openRuntime(
    'web',
    {},
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      APP_URL: url,
      SESSION_SECRET: 's'.repeat(40),
      ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      ...sandboxEnv(sandbox.url, sandbox.world.apps),
    },
  );
  const web = await startWeb(runtime);
  return {
    url,
    sandbox,
    runtime,
    close: async () => {
      await web.close();
      await runtime.close();
      await sandbox.close();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
