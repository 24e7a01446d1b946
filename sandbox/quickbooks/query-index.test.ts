import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCompany } from '../books/generate.js';
import { deleteInvoice, payInvoice } from '../books/mutate.js';
import type { Company, Invoice } from '../books/types.js';
import type { SandboxWorld } from '../world.js';
import {
  api,
  connect,
  idsOf,
  queryPath,
  readReply,
  startSandbox,
  testWorld,
  type RunningSandbox,
} from './test-support.js';

/**
 * Invoice pages read kept indexes (the visible invoices, the update order, sorted ORDERBY results) instead of
 * scanning the book. Each page must still be what filtering and sorting the books right now gives, also
 * after a payment and a deletion change them.
 */
const REALM = '4620816365257778';
let now = Date.parse('2026-07-20T12:00:00Z');
let world: SandboxWorld;
let company: Company;
let sandbox: RunningSandbox;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  world = testWorld(() => now);
  company = generateCompany({
    id: REALM,
    provider: 'quickbooks',
    name: 'Index Books',
    country: 'US',
    currency: 'USD',
    timeZone: 'America/Chicago',
    seed: 3,
    invoices: 3000,
    asOf: '2026-07-20',
  });
  world.addCompany(company);
  sandbox = await startSandbox(world);
  const tokens = await connect(sandbox.baseUrl, REALM);
  call = api(sandbox.baseUrl, REALM, tokens.access_token);
});

afterAll(async () => {
  await sandbox.close();
});

const second = (ms: number) => Math.floor(ms / 1000) * 1000;
const visible = () => company.invoices.filter((i) => i.status !== 'deleted');
const ids = (rows: Invoice[]) => rows.map((i) => i.id);
/** A bound with about a fifth of the visible invoices changed after it. */
const recentBound = () => {
  const times = visible()
    .map((i) => second(i.updatedAt))
    .sort((a, b) => b - a);
  return times[Math.floor(times.length / 5)]!;
};
const literal = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

async function page(statement: string): Promise<unknown[]> {
  const reply = await readReply(await call(queryPath(statement)));
  expect(reply.status).toBe(200);
  return idsOf(reply.body.QueryResponse, 'Invoice');
}

async function expectPagesMatchTheBooks(): Promise<void> {
  const live = visible();
  for (const start of [1, 1001, live.length - 999]) {
    expect(await page(`select * from Invoice STARTPOSITION ${start} MAXRESULTS 1000`)).toEqual(
      ids(live.slice(start - 1, start + 999)),
    );
  }
  const bound = recentBound();
  expect(
    await page(
      `select * from Invoice WHERE Metadata.LastUpdatedTime > '${literal(bound)}' STARTPOSITION 11 MAXRESULTS 500`,
    ),
  ).toEqual(ids(live.filter((i) => second(i.updatedAt) > bound).slice(10, 510)));
  const ordered = live
    .filter((i) => second(i.updatedAt) >= bound && i.totalCents > 50_000)
    .sort((a, b) => second(a.updatedAt) - second(b.updatedAt));
  expect(
    await page(
      `SELECT * FROM Invoice WHERE Metadata.LastUpdatedTime >= '${literal(bound)}' AND TotalAmt > '500.00' ` +
        `ORDERBY Metadata.LastUpdatedTime STARTPOSITION 1 MAXRESULTS 1000`,
    ),
  ).toEqual(ids(ordered.filter((i) => i.status !== 'voided').slice(0, 1000)));
  const byDueDesc = [...live].sort((a, b) => (a.dueDate < b.dueDate ? 1 : a.dueDate > b.dueDate ? -1 : 0));
  expect(await page('select * from Invoice ORDERBY DueDate DESC STARTPOSITION 101 MAXRESULTS 200')).toEqual(
    ids(byDueDesc.slice(100, 300)),
  );
}

describe('invoice query pages over the kept indexes', () => {
  it('are the books filtered and sorted, before and after the books change', async () => {
    await expectPagesMatchTheBooks();
    const open = company.invoices.filter((i) => i.status === 'open');
    now += 60_000;
    const paid = open[0]!;
    payInvoice(world, company, paid.id);
    const deleted = open[1]!;
    deleteInvoice(world, company, deleted.id);
    await expectPagesMatchTheBooks();
    // The payment moved the invoice to the end of the update order; the deleted one is in no page.
    const changed = await page(
      `SELECT * FROM Invoice WHERE Metadata.LastUpdatedTime >= '${literal(second(now))}' ORDERBY Metadata.LastUpdatedTime`,
    );
    expect(changed).toEqual([paid.id]);
    expect(await page(`select * from Invoice WHERE Id = '${deleted.id}'`)).toEqual([]);
  });
});
