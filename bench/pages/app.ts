import type { Server } from 'node:http';
import type pg from 'pg';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { Db } from '../../server/db/connect.js';
import { createLogger } from '../../server/log.js';
import { pageRouters } from '../../server/routes/pages.js';

/**
 * The real express app (server/app.ts with every page router) on the bench database, configured as in
 * production: view templates cached, Secure cookies behind one trusted proxy. Requests say they came through
 * that proxy over HTTPS (`X-Forwarded-Proto`), as a deployment's would.
 */
export async function startBenchApp(db: Db, pool: pg.Pool, databaseUrl: string) {
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    APP_URL: 'https://bench.example',
    TRUST_PROXY: '1',
    SESSION_SECRET: 'b'.repeat(40),
    ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
  });
  const log = createLogger({ level: 'silent' });
  const deps = {
    db,
    log,
    config,
    now: () => new Date(),
    connectors: {},
    encryptionKey: config.encryptionKey,
  };
  const app = createApp({ config, log, db, pool, pageRouters: pageRouters(deps, []) });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A signed-in client: keeps the session cookie and times each GET from the request to its last byte. */
export class BenchClient {
  private cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  async signIn(email: string, password: string): Promise<void> {
    const form = await this.get('/signin');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
    if (!token) throw new Error('bench: no CSRF token on /signin');
    const response = await this.request(
      'POST',
      '/signin',
      new URLSearchParams({ email, password, _csrf: token }),
    );
    if (response.status !== 303) throw new Error(`bench: sign-in answered ${response.status}`);
  }

  async get(path: string): Promise<{ status: number; text: string; ms: number }> {
    return this.request('GET', path);
  }

  private async request(method: string, path: string, body?: URLSearchParams) {
    const started = process.hrtime.bigint();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        accept: 'text/html',
        'accept-language': 'en',
        'x-forwarded-proto': 'https',
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body: body.toString() } : {}),
    });
    const text = await response.text();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) this.cookies.set(name.trim(), value.join('='));
    }
    return { status: response.status, text, ms };
  }
}
