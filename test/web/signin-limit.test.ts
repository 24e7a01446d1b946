import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db.js';
import { TestBrowser } from '../http.js';
import { seedWorkspace, startPages } from './harness.js';

const t = useTestDatabase();
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  server = await startPages(t.db, t.pool);
  await seedWorkspace(t.db, 'target@example.com');
});
afterAll(() => server.close());

describe('sign-in rate limit', () => {
  it('refuses the 11th attempt in 15 minutes for one address and email, even with the right password', async () => {
    const browser = new TestBrowser(server.url);
    for (let i = 0; i < 10; i++) {
      const wrong = await browser.post(
        '/signin',
        { email: 'target@example.com', password: `guess ${i}` },
        { csrfFrom: '/signin' },
      );
      expect(wrong.status).toBe(401);
    }
    const right = await browser.post(
      '/signin',
      { email: 'Target@example.com', password: 'a long enough password' },
      { csrfFrom: '/signin' },
    );
    expect(right.status).toBe(429);
    expect(right.text).toContain('Too many sign-in attempts');

    const other = await browser.post(
      '/signin',
      { email: 'someone-else@example.com', password: 'whatever it is' },
      { csrfFrom: '/signin' },
    );
    expect(other.status).toBe(401);
    const { n } = await t.db
      .selectFrom('session')
      .select(t.db.fn.countAll<number>().as('n'))
      .where(sql<boolean>`sess ->> 'userId' is not null`)
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(0);
  });
});
