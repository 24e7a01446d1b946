import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxWorld } from '../world.js';
import {
  addCustomer,
  addInvoice,
  addPayment,
  api,
  buildCompany,
  connect,
  firstError,
  readReply,
  rowsOf,
  startSandbox,
  T0,
  testWorld,
  type QboReply,
  type RunningSandbox,
} from './test-support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let world: SandboxWorld;
let sandbox: RunningSandbox;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  world = testWorld();
  const company = buildCompany({ id: '777' });
  addCustomer(company, { id: '1' }, T0 - 40 * DAY);
  addInvoice(company, { id: '10', customerId: '1', totalCents: 5000 }, T0 - 40 * DAY);
  addInvoice(company, { id: '11', customerId: '1', totalCents: 7000 }, T0 - 2 * HOUR);
  addInvoice(company, { id: '12', customerId: '1', totalCents: 9000, status: 'deleted' }, T0 - HOUR);
  addPayment(company, { id: '311', customerId: '1', amountCents: 100, deleted: true }, T0 - 30 * 60_000);
  // A busy customer list: 1,005 changes inside the window.
  for (let n = 0; n < 1005; n += 1) addCustomer(company, { id: String(2000 + n) }, T0 - 3 * DAY + n * 1000);
  world.addCompany(company);
  sandbox = await startSandbox(world);
  call = api(sandbox.baseUrl, company.id, (await connect(sandbox.baseUrl, company.id)).access_token);
});

afterAll(() => sandbox.close());

async function cdc(entities: string, changedSince: string): Promise<QboReply> {
  const params = new URLSearchParams({ entities, changedSince, minorversion: '75' });
  return readReply(await call(`cdc?${params.toString()}`));
}

describe('change data capture', () => {
  it('returns changes since the instant, deletions as status Deleted, and {} for an entity without changes', async () => {
    const reply = await cdc('Invoice,Payment,CreditMemo', '2026-07-20T06:30:00-07:00');
    expect(reply.status).toBe(200);
    const [invoices, payments, credits] = reply.body.CDCResponse![0]!.QueryResponse;
    expect(rowsOf(invoices, 'Invoice').map((i) => [i.Id, i.status ?? 'live'])).toEqual([
      ['11', 'live'],
      ['12', 'Deleted'],
    ]);
    expect(rowsOf(invoices, 'Invoice')[1]).toEqual({
      domain: 'QBO',
      status: 'Deleted',
      Id: '12',
      MetaData: { LastUpdatedTime: '2026-07-20T08:00:00-07:00' },
    });
    expect(rowsOf(payments, 'Payment')).toEqual([
      {
        domain: 'QBO',
        status: 'Deleted',
        Id: '311',
        MetaData: { LastUpdatedTime: '2026-07-20T08:30:00-07:00' },
      },
    ]);
    expect(credits).toEqual({});
  });

  it('cuts each entity at 1,000 objects, oldest changes first', async () => {
    const reply = await cdc('Customer', new Date(T0 - 4 * DAY).toISOString());
    const customers = rowsOf(reply.body.CDCResponse![0]!.QueryResponse[0], 'Customer');
    expect(customers).toHaveLength(1000);
    expect(customers[0]!.Id).toBe('2000');
    expect(customers[999]!.Id).toBe('2999');
  });

  it('refuses a changedSince older than 30 days', async () => {
    const reply = await cdc('Invoice', new Date(T0 - 31 * DAY).toISOString());
    expect(reply.status).toBe(400);
    expect(firstError(reply)?.Detail).toContain('older than fixed days is not supported');
    const inside = await cdc('Invoice', new Date(T0 - 29 * DAY).toISOString());
    expect(inside.status).toBe(200);
  });

  it('follows the sandbox clock: a change made later shows up, and the window moves', async () => {
    world.advanceClock(DAY);
    const company = world.company('777')!;
    const invoice = company.index.invoices.get('10')!;
    invoice.amountDueCents = 0;
    invoice.status = 'paid';
    world.touch(company, 'Invoice', invoice, 'Update');
    // A day later the access token has expired, as a real one would.
    expect((await cdc('Invoice', new Date(T0).toISOString())).status).toBe(401);
    call = api(sandbox.baseUrl, company.id, (await connect(sandbox.baseUrl, company.id)).access_token);
    const reply = await cdc('Invoice', new Date(T0 + DAY - 60_000).toISOString());
    const invoices = rowsOf(reply.body.CDCResponse![0]!.QueryResponse[0], 'Invoice');
    expect(invoices.map((i) => [i.Id, i.Balance, i.SyncToken])).toEqual([['10', 0, '1']]);
  });
});
