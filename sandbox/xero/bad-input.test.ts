import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XeroClient } from 'xero-node';
import type { SandboxWorld } from '../world.js';
import { xeroId } from './ids.js';
import { kowhaiCafe, thamesTraders } from './testing/company.js';
import { sdkError } from './testing/sdk-error.js';
import { startXeroSandbox, type RunningSandbox } from './testing/server.js';
import { testWorld } from './testing/world.js';
import { connect, sandboxXeroClient } from './testing/xero-client.js';

const TENANT = kowhaiCafe().id;
const OTHER = thamesTraders().id;

let world: SandboxWorld;
let sandbox: RunningSandbox;
let xero: XeroClient;

beforeAll(async () => {
  world = testWorld([kowhaiCafe(), thamesTraders()]);
  sandbox = await startXeroSandbox(world);
  xero = await sandboxXeroClient(sandbox);
  await connect(xero, [TENANT]);
});

afterAll(async () => {
  await sandbox.close();
});

async function raw(path: string, init: RequestInit & { token?: string; tenant?: string } = {}) {
  const response = await fetch(`${sandbox.accountingBase}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${init.token ?? xero.readTokenSet().access_token}`,
      'xero-tenant-id': init.tenant ?? TENANT,
      accept: 'application/json',
      'content-type': 'application/json',
    },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

describe('requests Xero would reject get Xero’s status and body, never a stack trace', () => {
  it('a forged token: 401 AuthenticationUnsuccessful with WWW-Authenticate', async () => {
    const [header, payload] = xero.readTokenSet().access_token!.split('.');
    const { status, headers, text } = await raw('/Invoices', { token: `${header}.${payload}.c2lnbmF0dXJl` });
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(JSON.parse(text)).toMatchObject({
      Type: null,
      Title: 'Unauthorized',
      Status: 401,
      Detail: 'AuthenticationUnsuccessful',
    });
  });

  it('an expired token: 401 TokenExpired with the expiry time', async () => {
    const local = testWorld([kowhaiCafe()]);
    const other = await startXeroSandbox(local);
    try {
      const client = await sandboxXeroClient(other);
      await connect(client, [TENANT]);
      const exp = client.readTokenSet().expires_at! * 1000;
      local.advanceClock(31 * 60 * 1000);
      const error = await sdkError(client.accountingApi.getInvoices(TENANT));
      expect(error.response.statusCode).toBe(401);
      const expected = new Date(exp).toISOString();
      const us = `${expected.slice(5, 7)}/${expected.slice(8, 10)}/${expected.slice(0, 4)} ${expected.slice(11, 19)}`;
      expect(error.response.body).toMatchObject({
        Type: null,
        Title: 'Unauthorized',
        Status: 401,
        Detail: `TokenExpired: token expired at ${us}`,
      });
      expect(error.response.headers['www-authenticate']).toContain('The token expired at');
    } finally {
      await other.close();
    }
  });

  it('no token at all: 401', async () => {
    const response = await fetch(`${sandbox.accountingBase}/Invoices`, {
      headers: { 'xero-tenant-id': TENANT },
    });
    expect(response.status).toBe(401);
  });

  it('a tenant the grant does not cover, or an unknown one: 403 AuthenticationUnsuccessful', async () => {
    for (const tenant of [OTHER, '00000000-0000-0000-0000-000000000000', '']) {
      const { status, text } = await raw('/Invoices', { tenant });
      expect(status).toBe(403);
      expect(JSON.parse(text)).toMatchObject({
        Title: 'Forbidden',
        Status: 403,
        Detail: 'AuthenticationUnsuccessful',
      });
    }
  });

  it('a malformed where: 400 QueryParseException', async () => {
    const error = await sdkError(xero.accountingApi.getInvoices(TENANT, undefined, 'AmountDue >> 0'));
    expect(error.response.statusCode).toBe(400);
    expect(error.response.body).toEqual({
      ErrorNumber: 16,
      Type: 'QueryParseException',
      Message: 'Expression expected',
    });
    const unknownField = await raw(`/Invoices?where=${encodeURIComponent('Colour=="red"')}`);
    expect(JSON.parse(unknownField.text)).toMatchObject({
      Message: "No property or field 'Colour' exists in type 'Invoice'",
    });
  });

  it('a wrong method: 405 with Allow', async () => {
    const { status, headers, text } = await raw('/Invoices', { method: 'DELETE' });
    expect(status).toBe(405);
    expect(headers.get('allow')).toBe('GET');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('an unknown record or endpoint: 404', async () => {
    expect((await raw(`/Invoices/${xeroId(TENANT, 'invoice', 'nope')}`)).status).toBe(404);
    expect((await raw('/Journals')).status).toBe(404);
  });

  it('malformed JSON or a missing body on PUT History: 400, no note written', async () => {
    const before = world.received.notes.length;
    const path = `/Invoices/${xeroId(TENANT, 'invoice', '38')}/History`;
    const broken = await raw(path, { method: 'PUT', body: '{"HistoryRecords":[{"Details":' });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.text)).toEqual({
      ErrorNumber: 14,
      Type: 'PostDataInvalidException',
      Message: 'Invalid Json data',
    });
    const empty = await raw(path, { method: 'PUT', body: '{}' });
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.text)).toMatchObject({ Type: 'ValidationException' });
    const blank = await raw(path, {
      method: 'PUT',
      body: JSON.stringify({ HistoryRecords: [{ Details: ' ' }] }),
    });
    expect(JSON.parse(blank.text)).toMatchObject({
      Elements: [{ ValidationErrors: [{ Message: 'Details is required' }] }],
    });
    expect(world.received.notes.length).toBe(before);
  });

  it('a token without the needed scope: 401 AuthorizationUnsuccessful', async () => {
    const narrow = await sandboxXeroClient(sandbox, {
      scopes: ['openid', 'offline_access', 'accounting.contacts.read'],
    });
    await connect(narrow, [TENANT]);
    const error = await sdkError(narrow.accountingApi.getInvoices(TENANT));
    expect(error.response.statusCode).toBe(401);
    expect(error.response.body).toMatchObject({ Detail: 'AuthorizationUnsuccessful' });
    expect((await narrow.accountingApi.getContacts(TENANT)).body.contacts!.length).toBe(2);
  });
});
