import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/db.js';
import { listen } from '../../test/http.js';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { REDACT_PATHS } from '../log.js';

const t = useTestDatabase();
const lines: Record<string, unknown>[] = [];
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  const config = loadConfig({
    SESSION_SECRET: 's'.repeat(40),
    ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
  server = await listen(createApp({ config, log, db: t.db, pool: t.pool }));
});
afterAll(() => server.close());

describe('request log lines', () => {
  it('keep the method, path and status, never the query string (OAuth codes, searches) or the headers', async () => {
    await fetch(`${server.url}/connect/xero/callback?code=AUTHCODE-123&state=s1`, {
      headers: { cookie: 'dunwise.sid=abc', 'user-agent': 'test-agent/1.0' },
      redirect: 'manual',
    });
    // The line is written once the response has finished, which the client may see first.
    const logged = () =>
      lines.find((l) => (l['req'] as { path?: string } | undefined)?.path === '/connect/xero/callback');
    await expect.poll(() => logged() !== undefined).toBe(true);
    const line = logged();
    expect(line).toMatchObject({
      req: { method: 'GET', path: '/connect/xero/callback' },
      res: { statusCode: 404 },
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('AUTHCODE-123');
    expect(text).not.toContain('test-agent/1.0');
    expect(text).not.toContain('dunwise.sid=abc');
  });
});
