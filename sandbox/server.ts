import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createSandboxApp } from './app.js';
import { addPayLinks } from './control/pay-page.js';
import { seedDemoWorld, seedGeneratedWorld } from './demo.js';
import { generateWebhookKeys } from './sendgrid/signing.js';
import { SandboxWorld, type SandboxApps } from './world.js';

export interface StartSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** 'demo' (default): the demo books; a number: that many generated invoices. */
  seed?: 'demo' | number;
  apps?: Partial<SandboxApps>;
  /** The calendar date the books are built around, 'YYYY-MM-DD'. Default: today (UTC). */
  asOf?: string;
  /** Interface to bind; default 127.0.0.1 (the sandbox is for this machine only). */
  host?: string;
}

export interface RunningSandbox {
  url: string;
  world: SandboxWorld;
  close(): Promise<void>;
}

/**
 * Starts the sandbox HTTP server. With `asOf` other than today the sandbox clock starts at noon UTC of that
 * date and runs forward in real time, so "8 days overdue" holds for the books whatever day it really is.
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const realClock = (): number => Date.now();
  const startedAt = realClock();
  const today = new Date(startedAt).toISOString().slice(0, 10);
  const asOf = options.asOf ?? today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf)))
    throw new Error(`asOf must be YYYY-MM-DD, got ${asOf}`);
  const offset = asOf === today ? 0 : Date.parse(`${asOf}T12:00:00Z`) - startedAt;
  const world = new SandboxWorld(generateApps(options.apps), () => realClock() + offset);
  const seed = options.seed ?? 'demo';
  if (seed === 'demo') seedDemoWorld(world, asOf);
  else seedGeneratedWorld(world, seed, asOf);

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  // Online payment links need the sandbox's own origin, known only now. Demo books only: a link per invoice
  // would cost ~100 MB on a million-invoice book.
  if (seed === 'demo') for (const company of world.companies.values()) addPayLinks(url, company);
  server.on('request', createSandboxApp(world, { baseUrl: url, appClock: realClock }));
  return {
    url,
    world,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await world.idle();
    },
  };
}

export { SANDBOX_TWILIO_FROM } from './twilio/numbers.js';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Fresh app registrations, shaped like the real ones (AB… client ids, SG.… keys, AC… SIDs). */
export function generateApps(overrides: Partial<SandboxApps> = {}): SandboxApps {
  return {
    quickbooks: {
      clientId: `AB${randomBytes(24).toString('base64url')}`,
      clientSecret: randomBytes(30).toString('base64url'),
      webhookVerifier: randomBytes(18).toString('hex'),
      webhookUrl: null,
      ...overrides.quickbooks,
    },
    xero: {
      clientId: hex(16).toUpperCase(),
      clientSecret: randomBytes(36).toString('base64url'),
      webhookKey: randomBytes(48).toString('base64'),
      webhookUrl: null,
      ...overrides.xero,
    },
    sendgrid: {
      apiKey: `SG.${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
      ...generateWebhookKeys(),
      webhookUrl: null,
      ...overrides.sendgrid,
    },
    twilio: { accountSid: `AC${hex(16)}`, authToken: hex(16), inboundSmsUrl: null, ...overrides.twilio },
  };
}
