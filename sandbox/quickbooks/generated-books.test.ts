import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANIES, generateDemoBooks } from '../books/demo.js';
import { generateCompany } from '../books/generate.js';
import type { Company } from '../books/types.js';
import { centsToDecimal } from './money.js';
import {
  api,
  connect,
  queryPath,
  readReply,
  rowsOf,
  startSandbox,
  testWorld,
  type Row,
  type RunningSandbox,
} from './test-support.js';

/** The generator's books (demo and a seeded mid-size book) rendered through the API, checked row by row. */
const AS_OF = '2026-07-20';
let sandbox: RunningSandbox;
let books: Company[];

beforeAll(async () => {
  const world = testWorld(() => Date.parse(`${AS_OF}T12:00:00Z`));
  books = [
    ...generateDemoBooks(AS_OF).filter((c) => c.provider === 'quickbooks'),
    generateCompany({
      id: '123146',
      provider: 'quickbooks',
      name: 'Zoë Ørsted Trading',
      country: 'GB',
      currency: 'GBP',
      timeZone: 'Europe/London',
      seed: 7,
      invoices: 2500,
      asOf: AS_OF,
    }),
  ];
  for (const company of books) world.addCompany(company);
  sandbox = await startSandbox(world);
});

afterAll(() => sandbox.close());

async function everything(company: Company, entity: string, where = ''): Promise<Row[]> {
  const call = api(sandbox.baseUrl, company.id, (await connect(sandbox.baseUrl, company.id)).access_token);
  const rows: Row[] = [];
  for (let start = 1; ; start += 1000) {
    const reply = await readReply(
      await call(queryPath(`SELECT * FROM ${entity} ${where} STARTPOSITION ${start} MAXRESULTS 1000`)),
    );
    expect(reply.status).toBe(200);
    const page = rowsOf(reply.body.QueryResponse, entity);
    rows.push(...page);
    if (page.length < 1000) return rows;
  }
}

describe('generated books through the QuickBooks API', () => {
  it('serves the demo company with its scripted overdue invoices', () => {
    expect(books[0]!.id).toBe(DEMO_COMPANIES.quickbooks.id);
  });

  it.each([0, 1])(
    'renders every live invoice with Balance = amount due, in the currency digits (book %i)',
    async (i) => {
      const company = books[i]!;
      const invoices = await everything(company, 'Invoice');
      const live = company.invoices.filter((inv) => inv.status !== 'deleted');
      expect(invoices).toHaveLength(live.length);
      for (const [n, invoice] of live.entries()) {
        const row = invoices[n]!;
        expect(row.Id).toBe(invoice.id);
        const balance = invoice.status === 'voided' ? 0 : invoice.amountDueCents;
        expect(row.Balance).toBe(Number(centsToDecimal(balance, invoice.currency)));
        expect((row.CurrencyRef as Row).value).toBe(invoice.currency);
        expect(row.DueDate).toBe(invoice.dueDate);
      }
    },
  );

  it.each([0, 1])('lists all customers, payments and credit memos (book %i)', async (i) => {
    const company = books[i]!;
    expect(await everything(company, 'Customer', 'WHERE Active IN (true, false)')).toHaveLength(
      company.customers.length,
    );
    expect(await everything(company, 'Payment')).toHaveLength(
      company.payments.filter((p) => !p.deleted).length,
    );
    expect(await everything(company, 'CreditMemo')).toHaveLength(company.creditNotes.length);
  });
});
