import { createServer } from 'node:net';
import { approveQuickBooksConsent } from '../../sandbox/quickbooks/consent.js';
import { sandboxEnv } from '../../sandbox/cli.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { openRuntime, type Runtime } from '../../server/runtime.js';
import { startWeb } from '../../server/web.js';
import { TestBrowser } from '../http.js';

export interface DemoApp {
  /** APP_URL: where the browser and the providers' signed callbacks reach the app. */
  url: string;
  sandbox: RunningSandbox;
  runtime: Runtime;
  close: () => Promise<void>;
}

/**
 * The real web process (runtime, connectors, channels, webhook routes) on the test's database, every provider
 * pointed at a sandbox of the demo books built around `asOf`, as `npm start` wires its demo. The app reads the
 * sandbox's clock, so a test moves both through the days by advancing it (`POST /sandbox/clock/advance`).
 */
export async function startDemoApp(databaseUrl: string, asOf: string): Promise<DemoApp> {
  const sandbox = await startSandbox({ seed: 'demo', asOf });
  // The sender Dunwise uses when APP_URL is localhost, verified as the demo does (server/demo-sandbox.ts).
  sandbox.world.sendgrid.verifiedSenders.add('dunwise.local');
  // Providers call back APP_URL, and Twilio signs that exact URL: it must be known before the server listens.
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const runtime = await openRuntime(
    'web',
    {},
    {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env['E2E_LOG'] ?? 'silent',
      DEMO: 'true',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      APP_URL: url,
      SESSION_SECRET: 's'.repeat(40),
      ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      ...sandboxEnv(sandbox.url, sandbox.world.apps),
    },
    () => new Date(sandbox.world.now()),
  );
  const web = await startWeb(runtime);
  // Delivery events and inbound SMS come back to this app (server/main.ts does the same for the demo).
  sandbox.world.apps.sendgrid.webhookUrl = `${url}/webhooks/sendgrid`;
  sandbox.world.apps.twilio.inboundSmsUrl = `${url}/webhooks/twilio/sms`;
  return {
    url,
    sandbox,
    runtime,
    close: async () => {
      await sandbox.world.idle();
      await web.close();
      await runtime.close();
      await sandbox.close();
    },
  };
}

/**
 * As the demo user, through the app's Connect to QuickBooks and the sandbox's consent page, connects `realmId`;
 * returns the organisation's id. The first full sync starts in the background, as after a real consent.
 */
export async function connectQuickBooks(app: DemoApp, realmId: string): Promise<string> {
  const browser = new TestBrowser(app.url);
  const demo = await browser.post('/demo', {}, { csrfFrom: '/signin' });
  if (demo.status !== 303) throw new Error(`demo sign-in answered ${demo.status}`);
  const start = await browser.get('/connect/quickbooks');
  if (!start.location) throw new Error(`/connect/quickbooks answered ${start.status}`);
  const callback = new URL(await approveQuickBooksConsent(start.location, realmId));
  const done = await browser.get(`${callback.pathname}${callback.search}`);
  const id = /\/orgs\/([0-9a-f-]{36})/.exec(done.location ?? '')?.[1];
  if (!id) throw new Error(`the QuickBooks callback answered ${done.status} ${done.text.slice(0, 200)}`);
  return id;
}

/** Polls `probe` (every 100 ms, at most `tries` times) until it returns a value. */
export async function until<T>(
  probe: () => Promise<T | null | undefined | false>,
  what: string,
  tries = 600,
): Promise<T> {
  for (let i = 0; i < tries; i += 1) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
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
