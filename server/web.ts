import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createApp } from './app.js';
import { runMain } from './main-helpers.js';
import type { Runtime } from './runtime.js';
import { webRouters } from './web-routers.js';

/** Starts the web process on config.port; resolves once it is listening. */
export async function startWeb(
  runtime: Runtime,
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const app = createApp({
    config: runtime.config,
    log: runtime.log,
    db: runtime.db,
    pool: runtime.pool,
    ...webRouters(runtime),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(runtime.config.port, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : runtime.config.port;
  const url = `http://localhost:${port}`;
  runtime.log.info({ url }, 'web listening');
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runMain('web', async (runtime) => {
    const web = await startWeb(runtime);
    return [web.close];
  });
}
