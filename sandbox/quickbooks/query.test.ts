import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Company } from '../books/types.js';
import {
  addCreditNote,
  addCustomer,
  addInvoice,
  addPayment,
  api,
  buildCompany,
  connect,
  queryPath,
  startSandbox,
  T0,
  testWorld,
  firstError,
  idsOf,
  readReply,
  rowsOf,
  type QboReply,
  type RunningSandbox,
} from './test-support.js';

const MINUTE = 60_000;
let sandbox: RunningSandbox;
let call: ReturnType<typeof api>;
let company: Company;

beforeAll(async () => {
  const world = testWorld();
  company = buildCompany({ id: '9130356' });
  addCustomer(company, { id: '58', displayName: 'Acme Fabrication LLC', contactName: 'Dana Ortiz' });
  addCustomer(company, { id: '59', displayName: 'Gone Ltd', active: false });
  // Six invoices updated one minute apart: 1..6. Invoice 3 is paid, 5 voided, 6 deleted.
  for (let n = 1; n <= 6; n += 1) {
    addInvoice(company, { id: String(n), customerId: '58', totalCents: 120_000 + n }, T0 - (10 - n) * MINUTE);
  }
  company.index.invoices.get('3')!.amountDueCents = 0;
  company.index.invoices.get('3')!.status = 'paid';
  company.index.invoices.get('5')!.status = 'voided';
  company.index.invoices.get('6')!.status = 'deleted';
  company.index.invoices.get('1')!.amountDueCents = 45_000;
  addPayment(company, {
    id: '311',
    customerId: '58',
    amountCents: 75_001,
    applications: [{ invoiceId: '1', amountCents: 75_001 }],
  });
  addCreditNote(company, { id: '400', customerId: '58', totalCents: 80_000 });
  world.addCompany(company);
  sandbox = await startSandbox(world);
  const tokens = await connect(sandbox.baseUrl, company.id);
  call = api(sandbox.baseUrl, company.id, tokens.access_token);
});

afterAll(() => sandbox.close());

async function query(statement: string): Promise<QboReply> {
  return readReply(await call(queryPath(statement)));
}

async function ids(statement: string, entity = 'Invoice'): Promise<unknown[]> {
  return idsOf((await query(statement)).body.QueryResponse, entity);
}

describe('query paging', () => {
  it('pages with a 1-based STARTPOSITION and ends with an empty QueryResponse on an exact multiple', async () => {
    const page1 = await query('SELECT * FROM Invoice STARTPOSITION 1 MAXRESULTS 2');
    const page2 = await query('select * from Invoice startposition 3 maxresults 2');
    expect(idsOf(page1.body.QueryResponse, 'Invoice')).toEqual(['1', '2']);
    expect(page1.body.QueryResponse).toMatchObject({ startPosition: 1, maxResults: 2 });
    expect(idsOf(page2.body.QueryResponse, 'Invoice')).toEqual(['3', '4']);
    expect(page2.body.QueryResponse).toMatchObject({ startPosition: 3, maxResults: 2 });
    // Invoice 6 is deleted, so five visible invoices: the third page holds one.
    expect(await ids('SELECT * FROM Invoice STARTPOSITION 5 MAXRESULTS 2')).toEqual(['5']);
    const page4 = await query('SELECT * FROM Invoice STARTPOSITION 7 MAXRESULTS 2');
    expect(page4.body.QueryResponse).toEqual({});
    expect(page4.body.time).toBe('2026-07-20T09:00:00.000-07:00');
  });

  it('ends with an empty page when the rows are an exact multiple of the page size', async () => {
    expect(await ids("SELECT * FROM Invoice WHERE Balance > '0' MAXRESULTS 3")).toEqual(['1', '2', '4']);
    const after = await query("SELECT * FROM Invoice WHERE Balance > '0' STARTPOSITION 4 MAXRESULTS 3");
    expect(after.status).toBe(200);
    expect(after.body.QueryResponse).toEqual({});
  });

  it('counts with COUNT(*)', async () => {
    const reply = await query("SELECT COUNT(*) FROM Invoice WHERE Balance > '0'");
    expect(reply.body.QueryResponse).toEqual({ totalCount: 3 });
  });

  it('rejects MAXRESULTS over 1000 with the validation fault', async () => {
    const reply = await query('SELECT * FROM Invoice MAXRESULTS 1001');
    expect(reply.status).toBe(400);
    expect(reply.body.Fault?.type).toBe('ValidationFault');
    expect(firstError(reply)).toMatchObject({ code: '4001', Message: 'Invalid query' });
    expect(firstError(reply)?.Detail).toContain('1001');
  });
});

describe('query filters', () => {
  it('filters on Balance and orders by LastUpdatedTime descending', async () => {
    expect(
      await ids(
        "SELECT * FROM Invoice WHERE Balance > '0' ORDERBY Metadata.LastUpdatedTime DESC MAXRESULTS 1000",
      ),
    ).toEqual(['4', '2', '1']);
    expect(await ids('SELECT * FROM Invoice WHERE Balance = 0')).toEqual(['3', '5']);
  });

  it('compares LastUpdatedTime literals with offsets to the second', async () => {
    // Invoice 4 changed at T0-6min = 15:54:00Z = 08:54:00-07:00; invoice 3 a minute earlier.
    expect(
      await ids("SELECT * FROM Invoice WHERE Metadata.LastUpdatedTime >= '2026-07-20T08:54:00-07:00'"),
    ).toEqual(['4', '5']);
    expect(
      await ids(
        "SELECT * FROM Invoice WHERE MetaData.LastUpdatedTime > '2026-07-21T03:53:00+12:00' AND MetaData.LastUpdatedTime < '2026-07-20T15:55:00Z'",
      ),
    ).toEqual(['4']);
  });

  it('supports Id IN and Id =', async () => {
    expect(await ids("SELECT * FROM Invoice WHERE Id IN ('2', '4', '6')")).toEqual(['2', '4']);
    const one = await query("SELECT * FROM Invoice WHERE Id = '5'");
    expect(rowsOf(one.body.QueryResponse, 'Invoice')[0]).toMatchObject({
      Id: '5',
      TotalAmt: 0,
      Balance: 0,
      PrivateNote: 'Voided',
    });
  });

  it('hides inactive customers unless Active IN (true, false) is asked', async () => {
    expect(await ids('SELECT * FROM Customer', 'Customer')).toEqual(['58']);
    const all = await query('SELECT * FROM Customer WHERE Active IN (true, false)');
    expect(rowsOf(all.body.QueryResponse, 'Customer').map((c) => [c.Id, c.Active])).toEqual([
      ['58', true],
      ['59', false],
    ]);
  });

  it('accepts the statement as an application/text POST body', async () => {
    const res = await call('query?minorversion=75', {
      method: 'POST',
      headers: { 'content-type': 'application/text' },
      body: 'SELECT * FROM CompanyInfo',
    });
    const reply = await readReply(res);
    expect(rowsOf(reply.body.QueryResponse, 'CompanyInfo')[0]).toMatchObject({
      CompanyName: 'Company 9130356',
      Country: 'US',
    });
  });
});

describe('query errors', () => {
  it('answers a malformed statement with QueryParserError 4000', async () => {
    for (const statement of [
      'SELECT * FORM Invoice',
      "SELECT * FROM Invoice WHERE Balance > '0",
      'SELECT Id FROM Invoice',
      "SELECT * FROM Invoice WHERE Balance > '0' OR Id = '1'",
    ]) {
      const reply = await query(statement);
      expect(reply.status).toBe(400);
      expect(firstError(reply)).toMatchObject({ code: '4000', Message: 'Error parsing query' });
      expect(firstError(reply)?.Detail).toMatch(/^QueryParserError: /);
    }
  });

  it('answers an unknown property with QueryValidationError 4001', async () => {
    const reply = await query("SELECT * FROM Invoice WHERE Colour = 'red'");
    expect(reply.status).toBe(400);
    expect(firstError(reply)).toMatchObject({ code: '4001' });
  });
});

describe('entity shapes', () => {
  it('renders an invoice with exact amounts, links and Pacific MetaData', async () => {
    const reply = await query("SELECT * FROM Invoice WHERE Id = '1'");
    expect(rowsOf(reply.body.QueryResponse, 'Invoice')[0]).toMatchObject({
      Id: '1',
      SyncToken: '0',
      DocNumber: 'INV-1',
      TxnDate: '2026-06-01',
      DueDate: '2026-07-01',
      CustomerRef: { value: '58', name: 'Acme Fabrication LLC' },
      CurrencyRef: { value: 'USD' },
      BillEmail: { Address: 'ap58@example.com' },
      TotalAmt: 1200.01,
      Balance: 450,
      LinkedTxn: [{ TxnId: '311', TxnType: 'Payment' }],
      MetaData: { CreateTime: '2026-07-20T08:51:00-07:00', LastUpdatedTime: '2026-07-20T08:51:00-07:00' },
    });
    // Amounts keep the currency's two digits on the wire.
    expect(reply.text).toContain('"Balance":450.00');
    expect(reply.text).toContain('"TotalAmt":1200.01');
  });

  it('renders customers, payments and credit memos', async () => {
    const customer = rowsOf(
      (await query("SELECT * FROM Customer WHERE Id = '58'")).body.QueryResponse,
      'Customer',
    )[0];
    expect(customer).toMatchObject({
      DisplayName: 'Acme Fabrication LLC',
      GivenName: 'Dana',
      FamilyName: 'Ortiz',
      PrimaryEmailAddr: { Address: 'ap58@example.com' },
      Mobile: { FreeFormNumber: '+13125550199' },
      BillAddr: { Country: 'USA' },
      Active: true,
      // Open invoices 1 (450.00), 2 (1200.02), 4 (1200.04) minus the 800.00 credit memo.
      Balance: 2050.06,
    });
    expect(customer).not.toHaveProperty('PrimaryPhone');
    const payments = rowsOf((await query('SELECT * FROM Payment')).body.QueryResponse, 'Payment');
    expect(payments[0]).toMatchObject({
      Id: '311',
      TotalAmt: 750.01,
      UnappliedAmt: 0,
      Line: [{ Amount: 750.01, LinkedTxn: [{ TxnId: '1', TxnType: 'Invoice' }] }],
    });
    const credits = rowsOf(
      (await query('SELECT * FROM CreditMemo WHERE Balance > 0')).body.QueryResponse,
      'CreditMemo',
    );
    expect(credits[0]).toMatchObject({ Id: '400', TotalAmt: 800, Balance: 800 });
  });
});
