import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Router } from 'express';
import type { SandboxApps } from '../world.js';

/**
 * Helpers for the sandbox's own tests: serve routers on a free port, and receive the webhooks the sandbox posts
 * (keeping the raw body and headers, since signatures are over the exact bytes).
 */
export interface Listening {
  url: string;
  close(): Promise<void>;
}

export async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<Listening & { server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function serveRouters(...routers: Router[]): Promise<Listening> {
  const app = express();
  for (const router of routers) app.use(router);
  return listen(app);
}

export interface ReceivedHook {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A stand-in for the Dunwise app's webhook endpoints: records every request and answers `status`. */
export async function startReceiver(status = 200): Promise<Listening & { hooks: ReceivedHook[] }> {
  const hooks: ReceivedHook[] = [];
  const listening = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      hooks.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = status;
      res.end();
    });
  });
  return { ...listening, hooks };
}

export function testApps(overrides: Partial<SandboxApps> = {}): SandboxApps {
  return {
    quickbooks: {
      clientId: 'qb-client',
      clientSecret: 'qb-secret',
      webhookVerifier: 'qb-verifier',
      webhookUrl: null,
    },
    xero: { clientId: 'xero-client', clientSecret: 'xero-secret', webhookKey: 'xero-key', webhookUrl: null },
    sendgrid: { apiKey: 'SG.test-key', webhookPublicKey: '', webhookPrivateKey: '', webhookUrl: null },
    twilio: {
      accountSid: 'AC0123456789abcdef0123456789abcdef',
      authToken: 'test-auth-token',
      inboundSmsUrl: null,
    },
    ...overrides,
  };
}
