import { beforeEach, describe, expect, it } from 'vitest';
import { SandboxWorld, type ChangeEvent } from '../world.js';
import { BooksError } from './books-error.js';
import { checkBooks } from './check-books.js';
import { generateDemoBooks } from './demo.js';
import {
  applyCredit,
  createCreditNote,
  createInvoice,
  deleteInvoice,
  deletePayment,
  payInvoice,
  voidInvoice,
} from './mutate.js';
import type { Company } from './types.js';

const apps = {
  quickbooks: { clientId: 'q', clientSecret: 's', webhookVerifier: 'v', webhookUrl: null },
  xero: { clientId: 'x', clientSecret: 's', webhookKey: 'k', webhookUrl: null },
  sendgrid: { apiKey: 'SG.k', webhookPublicKey: '', webhookPrivateKey: '', webhookUrl: null },
  twilio: { accountSid: 'AC1', authToken: 't', inboundSmsUrl: null },
};

describe.each(['quickbooks', 'xero'] as const)('mutations on %s books', (provider) => {
  let world: SandboxWorld;
  let company: Company;
  let events: ChangeEvent[];
  // 15:00 UTC is still 10 March in New York but already 11 March in Auckland: dates follow the company's zone.
  const now = Date.UTC(2026, 2, 10, 15);
  const today = provider === 'quickbooks' ? '2026-03-10' : '2026-03-11';

  beforeEach(() => {
    world = new SandboxWorld(apps, () => now);
    for (const c of generateDemoBooks('2026-03-10')) world.addCompany(c);
    company = [...world.companies.values()].find((c) => c.provider === provider)!;
    events = [];
    world.on('change', (e: ChangeEvent) => events.push(e));
  });

  const openInvoice = () =>
    company.invoices.find((i) => i.status === 'open' && i.amountDueCents === i.totalCents)!;

  it('pays in part, then in full', () => {
    const invoice = openInvoice();
    const first = payInvoice(world, company, invoice.id, 100);
    expect([invoice.amountDueCents, invoice.status, first.date]).toEqual([
      invoice.totalCents - 100,
      'open',
      today,
    ]);
    payInvoice(world, company, invoice.id);
    expect([invoice.amountDueCents, invoice.status, invoice.updatedAt, invoice.version]).toEqual([
      0,
      'paid',
      now,
      2,
    ]);
    expect(first.version).toBe(0);
    expect(events.filter((e) => e.id === invoice.id).map((e) => e.operation)).toEqual(['Update', 'Update']);
    expect(checkBooks(company)).toEqual([]);
  });

  it('refuses paying more than is due, or a paid invoice', () => {
    const invoice = openInvoice();
    expect(() => payInvoice(world, company, invoice.id, invoice.amountDueCents + 1)).toThrow(BooksError);
    payInvoice(world, company, invoice.id);
    expect(() => payInvoice(world, company, invoice.id)).toThrow(/paid/);
    expect(() => payInvoice(world, company, 'nope')).toThrow(/No invoice/);
  });

  it('deleting a payment reopens every invoice it paid', () => {
    const invoice = openInvoice();
    const payment = payInvoice(world, company, invoice.id);
    deletePayment(world, company, payment.id);
    expect([invoice.status, invoice.amountDueCents]).toEqual(['open', invoice.totalCents]);
    expect(events.at(-2)).toMatchObject({ entity: 'Payment', operation: 'Delete', id: payment.id });
    expect(checkBooks(company)).toEqual([]);
    expect(() => deletePayment(world, company, payment.id)).toThrow(/already/);
  });

  it('voiding releases payments as credit on account; deleting keeps the record', () => {
    const invoice = openInvoice();
    const payment = payInvoice(world, company, invoice.id, 500);
    voidInvoice(world, company, invoice.id);
    expect([invoice.status, invoice.amountDueCents, payment.unappliedCents, payment.applications]).toEqual([
      'voided',
      0,
      500,
      [],
    ]);
    expect(events.at(-1)).toMatchObject({ entity: 'Invoice', operation: 'Void' });
    const other = openInvoice();
    deleteInvoice(world, company, other.id);
    expect(company.index.invoices.get(other.id)?.status).toBe('deleted');
    expect(() => voidInvoice(world, company, other.id)).toThrow(/already deleted/);
    expect(checkBooks(company)).toEqual([]);
  });

  it('applies credit and creates records with version 0', () => {
    const invoice = openInvoice();
    const note = createCreditNote(world, company, invoice.customerId, 1_000);
    applyCredit(world, company, note.id, invoice.id);
    expect([note.remainingCents, note.status, invoice.amountDueCents]).toEqual([
      0,
      'applied',
      invoice.totalCents - 1_000,
    ]);
    const created = createInvoice(world, company, {
      customerId: invoice.customerId,
      lines: [{ description: 'Extra', quantity: 2, unitAmountCents: 1_250 }],
    });
    expect(created).toMatchObject({
      totalCents: 2_500,
      amountDueCents: 2_500,
      issueDate: today,
      dueDate: provider === 'quickbooks' ? '2026-04-09' : '2026-04-10',
      version: 0,
      status: 'open',
    });
    expect(company.index.invoices.get(created.id)).toBe(created);
    expect(checkBooks(company)).toEqual([]);
  });
});
