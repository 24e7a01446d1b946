import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { SandboxWorld } from '../../world.js';
import { createXeroSandbox, type XeroSandboxOptions, type XeroSandboxRouter } from '../index.js';

export interface RunningSandbox {
  origin: string;
  issuer: string;
  apiBase: string;
  accountingBase: string;
  router: XeroSandboxRouter;
  close(): Promise<void>;
}

/** Serves the Xero stand-in on a free loopback port, mounted at the root as sandbox/app.ts does. */
export async function startXeroSandbox(
  world: SandboxWorld,
  options: Partial<XeroSandboxOptions> = {},
): Promise<RunningSandbox> {
  const app = express();
  const router = createXeroSandbox(world, options);
  app.use(router);
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    issuer: `${origin}/xero/identity`,
    apiBase: `${origin}/xero/api`,
    accountingBase: `${origin}/xero/api/api.xro/2.0`,
    router,
    async close() {
      router.webhooks.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
