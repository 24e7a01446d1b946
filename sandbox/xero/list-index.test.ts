import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XeroClient } from 'xero-node';
import { generateCompany } from '../books/generate.js';
import { deletePayment, payInvoice } from '../books/mutate.js';
import type { Company, Invoice } from '../books/types.js';
import type { SandboxWorld } from '../world.js';
import { xeroId } from './ids.js';
import { startXeroSandbox, type RunningSandbox } from './testing/server.js';
import { testWorld } from './testing/world.js';
import { connect, sandboxXeroClient } from './testing/xero-client.js';

/**
 * Invoice, payment, credit note and contact list pages read the kept update order (If-Modified-Since, `order=UpdatedDateUTC`) instead of scanning
 * and sorting the book. Through the real SDK, each page must be what filtering the books right now gives, also
 * after a payment changes them.
 */
let world: SandboxWorld;
let company: Company;
let sandbox: RunningSandbox;
let xero: XeroClient;

beforeAll(async () => {
  company = generateCompany({
    id: '5a7c9e1b-3d5f-4a6b-8c9d-0e1f2a3b4c5d',
    provider: 'xero',
    name: 'Index Joinery',
    country: 'NZ',
    currency: 'NZD',
    timeZone: 'Pacific/Auckland',
    seed: 4,
    invoices: 3000,
    asOf: new Date().toISOString().slice(0, 10),
  });
  world = testWorld([company]);
  sandbox = await startXeroSandbox(world, {
    limits: { perMinute: 10_000, perDay: 10_000, concurrent: 5, appPerMinute: 10_000 },
  });
  xero = await sandboxXeroClient(sandbox);
  await connect(xero, [company.id]);
});

afterAll(async () => {
  await sandbox.close();
});

const second = (ms: number) => Math.floor(ms / 1000) * 1000;
const idsOf = (rows: Invoice[]) => rows.map((i) => xeroId(company.id, 'invoice', i.id));

async function page(options: { since?: Date; order?: string; where?: string; page: number }) {
  const { body } = await xero.accountingApi.getInvoices(
    company.id,
    options.since,
    options.where,
    options.order,
    undefined,
    undefined,
    undefined,
    undefined,
    options.page,
    undefined,
    undefined,
    undefined,
    undefined,
    1000,
  );
  return {
    ids: (body.invoices ?? []).map((i) => i.invoiceID),
    itemCount: (body as { pagination?: { itemCount?: number } }).pagination?.itemCount,
  };
}

async function expectPagesMatchTheBooks(since: Date): Promise<void> {
  const changed = company.invoices.filter((i) => i.updatedAt >= second(since.getTime()));
  expect(await page({ since, page: 1 })).toEqual({
    ids: idsOf(changed.slice(0, 1000)),
    itemCount: changed.length,
  });
  const oldestFirst = [...changed].sort((a, b) => a.updatedAt - b.updatedAt);
  expect(await page({ since, order: 'UpdatedDateUTC ASC', where: 'Type=="ACCREC"', page: 1 })).toEqual({
    ids: idsOf(oldestFirst.slice(0, 1000)),
    itemCount: changed.length,
  });
  const all = [...company.invoices].sort((a, b) => a.updatedAt - b.updatedAt);
  expect(await page({ order: 'UpdatedDateUTC', page: 2 })).toEqual({
    ids: idsOf(all.slice(1000, 2000)),
    itemCount: all.length,
  });
}

describe('invoice list pages over the kept update order', () => {
  it('are the books filtered and ordered, before and after a payment', async () => {
    const times = company.invoices.map((i) => i.updatedAt).sort((a, b) => b - a);
    const since = new Date(second(times[1200]!));
    await expectPagesMatchTheBooks(since);
    const paid = company.invoices.find((i) => i.status === 'open' && i.updatedAt < since.getTime())!;
    payInvoice(world, company, paid.id);
    await expectPagesMatchTheBooks(since);
    // Paid just now: the newest change, so last in the update order.
    const paidAt = new Date(second(company.index.invoices.get(paid.id)!.updatedAt));
    const latest = await page({ since: paidAt, order: 'UpdatedDateUTC ASC', page: 1 });
    expect(latest.ids).toEqual(idsOf([paid]));
  });
});

async function paymentPage(options: { since?: Date; page: number }) {
  const { body } = await xero.accountingApi.getPayments(
    company.id,
    options.since,
    undefined,
    'UpdatedDateUTC ASC',
    options.page,
    1000,
  );
  return (body.payments ?? []).map((p) => ({ id: p.paymentID, status: String(p.status) }));
}

/** The Xero payments (one per application) of the books right now, oldest change first. */
function paymentLines(since = 0) {
  return company.payments
    .flatMap((payment) => payment.applications.map((application) => ({ payment, application })))
    .filter((l) => l.payment.updatedAt >= second(since))
    .sort((a, b) => a.payment.updatedAt - b.payment.updatedAt)
    .map((l) => ({
      id: xeroId(company.id, 'payment', `${l.payment.id}:${l.application.invoiceId}`),
      status: l.payment.deleted ? 'DELETED' : 'AUTHORISED',
    }));
}

describe('payment list pages over the kept update order', () => {
  it('follow a new payment and a deleted one', async () => {
    expect(await paymentPage({ page: 1 })).toEqual(paymentLines().slice(0, 1000));
    const open = company.invoices.find((i) => i.status === 'open' && i.amountDueCents > 0)!;
    payInvoice(world, company, open.id);
    const older = company.payments.find((p) => !p.deleted && p.applications.length === 2)!;
    deletePayment(world, company, older.id);
    const since = new Date(second(older.updatedAt) - 1000);
    const changed = await paymentPage({ since, page: 1 });
    expect(changed).toEqual(paymentLines(since.getTime()));
    expect(changed.filter((p) => p.status === 'DELETED')).toHaveLength(2);
    const lines = paymentLines();
    expect(await paymentPage({ page: Math.ceil(lines.length / 1000) })).toEqual(
      lines.slice((Math.ceil(lines.length / 1000) - 1) * 1000),
    );
  });
});
