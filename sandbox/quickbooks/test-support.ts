import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Company, CreditNote, Customer, Invoice, Payment } from '../books/types.js';
import { SandboxWorld, type SandboxApps } from '../world.js';
import { createQuickBooksSandbox } from './index.js';

/**
 * Small hand-built books and a running sandbox for this folder's tests. Deliberately independent of the
 * books generator so these tests pin the API's behaviour on exact, known records.
 */
export const TEST_APPS: SandboxApps = {
  quickbooks: {
    clientId: 'qb-client',
    clientSecret: 'qb-secret',
    webhookVerifier: 'qb-verifier',
    webhookUrl: null,
  },
  xero: { clientId: 'x', clientSecret: 'x', webhookKey: 'x', webhookUrl: null },
  sendgrid: { apiKey: 'x', webhookPublicKey: 'x', webhookPrivateKey: 'x', webhookUrl: null },
  twilio: { accountSid: 'x', authToken: 'x', inboundSmsUrl: null },
};

/** 2026-07-20T16:00:00Z, a Monday: Pacific time is then UTC−7. */
export const T0 = Date.UTC(2026, 6, 20, 16, 0, 0);

export function testWorld(clock: () => number = () => T0): SandboxWorld {
  return new SandboxWorld(structuredClone(TEST_APPS), clock);
}

export function buildCompany(init: Partial<Company> & { id: string }): Company {
  return {
    provider: 'quickbooks',
    name: `Company ${init.id}`,
    country: 'US',
    currency: 'USD',
    timeZone: 'America/Chicago',
    shortCode: `C${init.id}`,
    createdAt: T0 - 90 * 86_400_000,
    customers: [],
    invoices: [],
    payments: [],
    creditNotes: [],
    nextId: 1000,
    index: { customers: new Map(), invoices: new Map(), payments: new Map(), creditNotes: new Map() },
    ...init,
  };
}

const stamps = (at: number) => ({ createdAt: at, updatedAt: at, version: 0 });

export function addCustomer(company: Company, init: Partial<Customer> & { id: string }, at = T0): Customer {
  const customer: Customer = {
    displayName: `Customer ${init.id}`,
    contactName: 'Dana Ortiz',
    email: `ap${init.id}@example.com`,
    mobile: '+13125550199',
    landline: null,
    country: company.country,
    currency: company.currency,
    active: true,
    ...stamps(at),
    ...init,
  };
  company.customers.push(customer);
  company.index.customers.set(customer.id, customer);
  return customer;
}

export function addInvoice(
  company: Company,
  init: Partial<Invoice> & { id: string; customerId: string; totalCents: number },
  at = T0,
): Invoice {
  const invoice: Invoice = {
    number: `INV-${init.id}`,
    currency: company.currency,
    exchangeRate: '1',
    issueDate: '2026-06-01',
    dueDate: '2026-07-01',
    terms: 'Net 30',
    lines: [
      { description: 'Work', quantity: 1, unitAmountCents: init.totalCents, amountCents: init.totalCents },
    ],
    amountDueCents: init.totalCents,
    status: 'open',
    payUrl: null,
    ...stamps(at),
    ...init,
  };
  company.invoices.push(invoice);
  company.index.invoices.set(invoice.id, invoice);
  return invoice;
}

export function addPayment(
  company: Company,
  init: Partial<Payment> & { id: string; customerId: string; amountCents: number },
  at = T0,
): Payment {
  const payment: Payment = {
    currency: company.currency,
    date: '2026-07-08',
    applications: [],
    unappliedCents: 0,
    deleted: false,
    ...stamps(at),
    ...init,
  };
  company.payments.push(payment);
  company.index.payments.set(payment.id, payment);
  return payment;
}

export function addCreditNote(
  company: Company,
  init: Partial<CreditNote> & { id: string; customerId: string; totalCents: number },
  at = T0,
): CreditNote {
  const credit: CreditNote = {
    number: `CM-${init.id}`,
    currency: company.currency,
    date: '2026-07-02',
    applications: [],
    remainingCents: init.totalCents,
    status: 'open',
    ...stamps(at),
    ...init,
  };
  company.creditNotes.push(credit);
  company.index.creditNotes.set(credit.id, credit);
  return credit;
}

export interface RunningSandbox {
  baseUrl: string;
  close: () => Promise<void>;
}

export async function startSandbox(world: SandboxWorld): Promise<RunningSandbox> {
  const server = express().use(createQuickBooksSandbox(world)).listen(0);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Connects through the real consent flow with plain HTTP (consent form, redirect, code exchange) and returns
 * the token response. The intuit-oauth SDK is exercised separately in oauth.test.ts.
 */
export async function connect(
  baseUrl: string,
  realmId: string,
  scope = 'com.intuit.quickbooks.accounting',
): Promise<{ access_token: string; refresh_token: string }> {
  const params = new URLSearchParams({
    client_id: TEST_APPS.quickbooks.clientId,
    redirect_uri: 'http://localhost:3000/callback',
    response_type: 'code',
    scope,
    state: 'st',
    realmId,
    decision: 'allow',
  });
  const consent = await fetch(`${baseUrl}/intuit/connect/oauth2`, {
    method: 'POST',
    body: params,
    redirect: 'manual',
  });
  const location = new URL(consent.headers.get('location') ?? '');
  const basic = Buffer.from(`${TEST_APPS.quickbooks.clientId}:${TEST_APPS.quickbooks.clientSecret}`).toString(
    'base64',
  );
  const tokenResponse = await fetch(`${baseUrl}/intuit/oauth2/v1/tokens/bearer`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      redirect_uri: 'http://localhost:3000/callback',
    }),
  });
  return (await tokenResponse.json()) as { access_token: string; refresh_token: string };
}

/** GET or POST against the Accounting API of one realm with a bearer token. */
export function api(baseUrl: string, realmId: string, token: string) {
  return (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${baseUrl}/quickbooks/v3/company/${realmId}/${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(init.headers ?? {}) },
    });
}

export function queryPath(statement: string): string {
  return `query?${new URLSearchParams({ query: statement, minorversion: '75' }).toString()}`;
}

export type Row = Record<string, unknown>;

export interface QboFault {
  Error: { Message: string; Detail: string; code: string; element: string }[];
  type: string;
}

export interface QboReply {
  status: number;
  text: string;
  body: {
    QueryResponse?: Row;
    CDCResponse?: { QueryResponse: Row[] }[];
    Fault?: QboFault;
    time?: string;
    [entity: string]: unknown;
  };
}

export async function readReply(res: Response): Promise<QboReply> {
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as QboReply['body'] };
}

/** The rows of one entity in a QueryResponse block (empty when the key is absent). */
export function rowsOf(block: Row | undefined, entity: string): Row[] {
  const rows = block?.[entity];
  return Array.isArray(rows) ? (rows as Row[]) : [];
}

export function idsOf(block: Row | undefined, entity: string): unknown[] {
  return rowsOf(block, entity).map((row) => row.Id);
}

export function firstError(reply: QboReply): QboFault['Error'][number] | undefined {
  return reply.body.Fault?.Error[0];
}
