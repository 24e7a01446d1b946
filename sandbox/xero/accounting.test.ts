import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XeroClient } from 'xero-node';
import type { SandboxWorld } from '../world.js';
import { xeroId } from './ids.js';
import { kowhaiCafe, T0 } from './testing/company.js';
import { sdkError } from './testing/sdk-error.js';
import { startXeroSandbox, type RunningSandbox } from './testing/server.js';
import { testWorld } from './testing/world.js';
import { connect, sandboxXeroClient } from './testing/xero-client.js';

const TENANT = kowhaiCafe().id;
const invoiceId = (neutral: string) => xeroId(TENANT, 'invoice', neutral);

let world: SandboxWorld;
let sandbox: RunningSandbox;
let xero: XeroClient;

beforeAll(async () => {
  world = testWorld([kowhaiCafe()]);
  sandbox = await startXeroSandbox(world);
  xero = await sandboxXeroClient(sandbox);
  await connect(xero, [TENANT]);
});

afterAll(async () => {
  await sandbox.close();
});

/** UTC calendar date of a Date xero-node produced from `/Date(ms+0000)/` (pitfall P9). */
const ymd = (d: unknown) => (d as Date).toISOString().slice(0, 10);

describe('Accounting API through xero-node', () => {
  it('pages invoices with the pagination block and line items', async () => {
    const numbers: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const { body } = await xero.accountingApi.getInvoices(
        TENANT,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        page,
        undefined,
        undefined,
        undefined,
        undefined,
        2,
      );
      expect(body.pagination).toEqual({ page, pageSize: 2, pageCount: 3, itemCount: 5 });
      numbers.push(...body.invoices!.map((i) => i.invoiceNumber!));
      expect(body.invoices!.every((i) => Array.isArray(i.lineItems))).toBe(true);
    }
    expect(numbers.sort()).toEqual(['INV-0038', 'INV-0040', 'INV-0041', 'INV-0042', 'INV-0043']);
  });

  it('filters with where: ACCREC, AUTHORISED, AmountDue>0 and DueDate before a date', async () => {
    const { body } = await xero.accountingApi.getInvoices(
      TENANT,
      undefined,
      'Type=="ACCREC" && Status=="AUTHORISED" && AmountDue>0 && DueDate<DateTime(2026,12,01)',
    );
    expect(body.invoices!.map((i) => i.invoiceNumber).sort()).toEqual(['INV-0038', 'INV-0043']);
    expect(body.pagination).toBeUndefined();
  });

  it('filters by Statuses and IDs, and orders', async () => {
    const paid = await xero.accountingApi.getInvoices(
      TENANT,
      undefined,
      undefined,
      'InvoiceNumber DESC',
      undefined,
      undefined,
      undefined,
      ['PAID', 'VOIDED'],
    );
    expect(paid.body.invoices!.map((i) => [i.invoiceNumber, String(i.status)])).toEqual([
      ['INV-0041', 'VOIDED'],
      ['INV-0040', 'PAID'],
    ]);
    const byId = await xero.accountingApi.getInvoices(TENANT, undefined, undefined, undefined, [
      invoiceId('42'),
    ]);
    expect(byId.body.invoices!.map((i) => i.invoiceID)).toEqual([invoiceId('42')]);
  });

  it('honours If-Modified-Since as xero-node sends it and in the no-zone form', async () => {
    const { body } = await xero.accountingApi.getInvoices(TENANT, new Date(T0 + 60_000));
    expect(body.invoices!.map((i) => i.invoiceNumber).sort()).toEqual(['INV-0038', 'INV-0042']);
    const raw = await fetch(`${sandbox.accountingBase}/Invoices`, {
      headers: {
        authorization: `Bearer ${xero.readTokenSet().access_token}`,
        'xero-tenant-id': TENANT,
        accept: 'application/json',
        'if-modified-since': new Date(T0 + 120_000).toISOString().slice(0, 19),
      },
    });
    const json = (await raw.json()) as { Invoices: { InvoiceNumber: string }[] };
    expect(json.Invoices.map((i) => i.InvoiceNumber)).toEqual(['INV-0038']);
  });

  it('renders amounts from the source: AmountDue, AmountPaid, AmountCredited, credit notes, dates', async () => {
    const { body } = await xero.accountingApi.getInvoice(TENANT, invoiceId('38'));
    const invoice = body.invoices![0]!;
    expect(invoice).toMatchObject({ total: 2300, amountDue: 2000, amountPaid: 0, amountCredited: 300 });
    expect(String(invoice.status)).toBe('AUTHORISED');
    expect(ymd(invoice.dueDate)).toBe('2026-11-05');
    expect(invoice.creditNotes!.map((c) => c.creditNoteNumber)).toEqual(['CN-00c1']);
    expect(invoice.payments).toEqual([]);
    const partPaid = (await xero.accountingApi.getInvoice(TENANT, 'INV-0042')).body.invoices![0]!;
    expect(partPaid).toMatchObject({
      total: 1150,
      subTotal: 1000,
      totalTax: 150,
      amountDue: 750,
      amountPaid: 400,
    });
    expect(partPaid.payments!.map((p) => p.amount)).toEqual([400]);
    const usd = (await xero.accountingApi.getInvoice(TENANT, invoiceId('43'))).body.invoices![0]!;
    expect(usd).toMatchObject({ currencyRate: 0.625, total: 4750, amountDue: 4750 });
    expect(String(usd.currencyCode)).toBe('USD');
  });

  it('writes History & Notes once per Idempotency-Key and reads them back', async () => {
    const before = world.received.notes.length;
    const note = {
      historyRecords: [{ details: 'Dunning D7: email sent to accounts@kowhai.example (ref R-1)' }],
    };
    const first = await xero.accountingApi.createInvoiceHistory(
      TENANT,
      invoiceId('38'),
      note,
      'dunning:38:d7',
    );
    const again = await xero.accountingApi.createInvoiceHistory(
      TENANT,
      invoiceId('38'),
      note,
      'dunning:38:d7',
    );
    expect(first.body.historyRecords![0]!.details).toBe(note.historyRecords[0]!.details);
    expect(again.body).toEqual(first.body);
    expect(world.received.notes.slice(before)).toMatchObject([
      {
        companyId: TENANT,
        invoiceId: '38',
        text: note.historyRecords[0]!.details,
        idempotencyKey: 'dunning:38:d7',
      },
    ]);
    const history = await xero.accountingApi.getInvoiceHistory(TENANT, invoiceId('38'));
    expect(history.body.historyRecords!.map((r) => r.details)).toContain(note.historyRecords[0]!.details);
  });

  it('refuses a note over 250 characters with a ValidationException', async () => {
    const before = world.received.notes.length;
    const error = await sdkError(
      xero.accountingApi.createInvoiceHistory(TENANT, invoiceId('38'), {
        historyRecords: [{ details: 'x'.repeat(251) }],
      }),
    );
    expect(error.response.statusCode).toBe(400);
    expect(error.response.body).toMatchObject({
      ErrorNumber: 10,
      Type: 'ValidationException',
      Elements: [{ ValidationErrors: [{ Message: 'The Details must be no more than 250 characters long' }] }],
    });
    expect(world.received.notes.length).toBe(before);
  });

  it('reads the organisation: Windows time zone, country, base currency, short code', async () => {
    const org = (await xero.accountingApi.getOrganisations(TENANT)).body.organisations![0]!;
    expect(String(org.timezone)).toBe('NEWZEALANDSTANDARDTIME');
    expect(String(org.countryCode)).toBe('NZ');
    expect(String(org.baseCurrency)).toBe('NZD');
    expect(org.shortCode).toBe('!kWh4i');
    expect(org.organisationID).toBe(TENANT);
  });

  it('lists payments including deleted ones, one per invoice settled', async () => {
    const { body } = await xero.accountingApi.getPayments(TENANT, undefined, undefined, undefined, 1);
    const rows = body.payments!.map((p) => [p.invoice!.invoiceNumber, p.amount, String(p.status)]);
    expect(rows).toEqual([
      ['INV-0042', 400, 'AUTHORISED'],
      ['INV-0040', 500, 'AUTHORISED'],
      ['INV-0038', 2300, 'DELETED'],
    ]);
    expect(body.pagination).toMatchObject({ page: 1, itemCount: 3 });
  });

  it('lists contacts with phones, email and archived ones only on request', async () => {
    const active = (await xero.accountingApi.getContacts(TENANT)).body.contacts!;
    expect(active.map((c) => c.name)).toEqual(['Harbour Joinery Ltd', 'Kōwhai Café Ltd']);
    const harbour = active[0]!;
    expect(harbour.emailAddress).toBe('accounts+1@example.co.nz');
    expect(
      harbour.phones!.map((p) => [String(p.phoneType), p.phoneCountryCode, p.phoneAreaCode, p.phoneNumber]),
    ).toEqual([
      ['DEFAULT', '64', '09', '5550199'],
      ['DDI', '', '', ''],
      ['MOBILE', '64', '021', '5550123'],
      ['FAX', '', '', ''],
    ]);
    const all = await xero.accountingApi.getContacts(
      TENANT,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      true,
    );
    expect(all.body.contacts!.map((c) => String(c.contactStatus))).toEqual(['ACTIVE', 'ACTIVE', 'ARCHIVED']);
  });

  it('lists credit notes and overpayments with RemainingCredit', async () => {
    const notes = (await xero.accountingApi.getCreditNotes(TENANT)).body.creditNotes!;
    expect(notes.map((n) => [n.creditNoteNumber, n.remainingCredit, n.allocations!.length])).toEqual([
      ['CN-00c1', 0, 1],
      ['CN-00c2', 80, 0],
    ]);
    const one = await xero.accountingApi.getCreditNote(TENANT, xeroId(TENANT, 'creditnote', 'c2'));
    expect(one.body.creditNotes!.map((n) => [n.creditNoteNumber, n.remainingCredit])).toEqual([
      ['CN-00c2', 80],
    ]);
    const over = (await xero.accountingApi.getOverpayments(TENANT)).body.overpayments!;
    expect(over.map((o) => o.remainingCredit)).toEqual([100]);
  });
});
