import type { Db } from '../../server/db/connect.js';
import { createApp } from '../../server/app.js';
import { createUserWithWorkspace } from '../../server/auth/users.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { pageRouters } from '../../server/routes/pages.js';
import type pg from 'pg';
import { buildOrganisation } from '../factories.js';
import { listen, TestBrowser } from '../http.js';

export const NOW = new Date('2026-12-03T15:00:00Z');

/** The web app with every page router, on the given database, with a fixed clock and no providers. */
export async function startPages(db: Db, pool: pg.Pool, env: Record<string, string> = {}) {
  const config = loadConfig({
    SESSION_SECRET: 's'.repeat(40),
    ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    ...env,
  });
  const log = createLogger({ level: 'silent' });
  const deps = { db, log, config, now: () => NOW, connectors: {}, encryptionKey: config.encryptionKey };
  return listen(createApp({ config, log, db, pool, pageRouters: pageRouters(deps, []) }));
}

/** A signed-up user with a workspace, one organisation, a customer and three invoices (two overdue, USD/EUR). */
export async function seedWorkspace(db: Db, email: string, kind: 'business' | 'firm' = 'firm') {
  const user = await createUserWithWorkspace(db, { email, password: 'a long enough password', kind });
  const org = await buildOrganisation(db, { workspaceId: user.workspaceId, name: `Books of ${email}` });
  const customer = await db
    .insertInto('customer')
    .values({ organisation_id: org.id, external_id: 'C1', name: 'Æbelø Design ApS' })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('contact')
    .values({ organisation_id: org.id, customer_id: customer.id, kind: 'email', value: 'ap@aebelo.example' })
    .execute();
  const invoice = (n: string, currency: string, amount: string, due: string) => ({
    organisation_id: org.id,
    external_id: n,
    customer_external_id: 'C1',
    customer_id: customer.id,
    number: n,
    currency,
    total: amount,
    amount_due: amount,
    due_date: due,
    status: 'open' as const,
  });
  await db
    .insertInto('invoice')
    .values([
      invoice('INV-1', 'USD', '1234.56', '2026-11-12'),
      invoice('INV-2', 'EUR', '980.00', '2026-11-20'),
      invoice('INV-3', 'USD', '10.00', '2026-12-31'),
    ])
    .execute();
  return { user, org, customer };
}

export async function signedIn(url: string, email: string): Promise<TestBrowser> {
  const browser = new TestBrowser(url);
  const response = await browser.post(
    '/signin',
    { email, password: 'a long enough password' },
    { csrfFrom: '/signin' },
  );
  if (response.status !== 303) throw new Error(`sign-in failed: ${response.status}`);
  return browser;
}
