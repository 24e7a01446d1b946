import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxWorld } from '../world.js';
import {
  addCustomer,
  addInvoice,
  api,
  buildCompany,
  connect,
  firstError,
  readReply,
  startSandbox,
  T0,
  testWorld,
  type Row,
  type RunningSandbox,
} from './test-support.js';

let world: SandboxWorld;
let sandbox: RunningSandbox;
let call: ReturnType<typeof api>;
let accessToken: string;

beforeAll(async () => {
  world = testWorld();
  const company = buildCompany({ id: '555' });
  addCustomer(company, { id: '58' });
  addInvoice(company, { id: '1043', customerId: '58', totalCents: 120_000 });
  addInvoice(company, { id: '1044', customerId: '58', totalCents: 100, status: 'deleted' });
  world.addCompany(company);
  sandbox = await startSandbox(world);
  accessToken = (await connect(sandbox.baseUrl, company.id)).access_token;
  call = api(sandbox.baseUrl, company.id, accessToken);
});

afterAll(() => sandbox.close());

const post = (path: string, body: unknown) =>
  call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(readReply);

describe('reading one invoice', () => {
  it('returns the invoice, and Fault 610 for unknown or deleted ids', async () => {
    const found = await readReply(await call('invoice/1043?minorversion=75'));
    expect(found.status).toBe(200);
    expect(found.body.Invoice).toMatchObject({ Id: '1043', Balance: 1200, SyncToken: '0' });
    for (const id of ['9999', '1044']) {
      const missing = await readReply(await call(`invoice/${id}`));
      expect(missing.status).toBe(400);
      expect(firstError(missing)).toMatchObject({ code: '610', Message: 'Object Not Found' });
    }
  });
});

describe('sparse update with SyncToken', () => {
  it('updates with the current SyncToken and answers a stale one with Fault 5010', async () => {
    const updated = await post('invoice?operation=update&minorversion=75', {
      Id: '1043',
      SyncToken: '0',
      sparse: true,
      PrivateNote: 'PO 7781',
    });
    expect(updated.status).toBe(200);
    expect(updated.body.Invoice).toMatchObject({
      Id: '1043',
      SyncToken: '1',
      PrivateNote: 'PO 7781',
      Balance: 1200,
    });

    const stale = await post('invoice?operation=update', {
      Id: '1043',
      SyncToken: '0',
      sparse: true,
      PrivateNote: 'x',
    });
    expect(stale.status).toBe(400);
    expect(stale.body.Fault?.type).toBe('ValidationFault');
    expect(firstError(stale)).toMatchObject({ code: '5010', Message: 'Stale Object Error' });

    const reread = await readReply(await call('invoice/1043'));
    expect(reread.body.Invoice).toMatchObject({ SyncToken: '1', PrivateNote: 'PO 7781' });
  });

  it('requires Line and CustomerRef on a full (non-sparse) update', async () => {
    const full = await post('invoice', { Id: '1043', SyncToken: '1', PrivateNote: 'x' });
    expect(full.status).toBe(400);
    expect(firstError(full)).toMatchObject({ code: '2020' });
  });

  it('refuses a malformed JSON body with a validation fault, not a stack trace', async () => {
    const res = await call('invoice', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"Id":',
    });
    const reply = await readReply(res);
    expect(reply.status).toBe(400);
    expect(firstError(reply)).toMatchObject({ code: '2010' });
  });
});

describe('attachable notes', () => {
  const note = (text: string, invoiceId = '1043') => ({
    AttachableRef: [{ EntityRef: { type: 'Invoice', value: invoiceId }, IncludeOnSend: false }],
    Note: text,
  });

  it('stores a note once per requestid and answers a repeat with the original reply', async () => {
    const before = world.received.notes.length;
    const first = await post('attachable?minorversion=75&requestid=r-1', note('D7 email sent'));
    const repeat = await post('attachable?minorversion=75&requestid=r-1', note('D7 email sent'));
    expect(first.status).toBe(200);
    const attachable = first.body.Attachable as Row;
    expect(attachable).toMatchObject({
      SyncToken: '0',
      Note: 'D7 email sent',
      AttachableRef: [{ EntityRef: { type: 'Invoice', value: '1043' }, IncludeOnSend: false }],
    });
    expect(repeat.text).toBe(first.text);
    expect(world.received.notes.slice(before)).toEqual([
      {
        id: attachable.Id,
        companyId: '555',
        invoiceId: '1043',
        text: 'D7 email sent',
        idempotencyKey: 'r-1',
        at: T0,
      },
    ]);
    const other = await post('attachable?requestid=r-2', note('D14 call'));
    expect((other.body.Attachable as Row).Id).not.toBe(attachable.Id);
    expect(world.received.notes).toHaveLength(before + 2);
  });

  it('enforces the 2,000-character Note limit', async () => {
    const before = world.received.notes.length;
    const tooLong = await post('attachable?requestid=r-long', note('x'.repeat(2001)));
    expect(tooLong.status).toBe(400);
    expect(firstError(tooLong)).toMatchObject({ code: '2050', element: 'Note' });
    expect(world.received.notes).toHaveLength(before);
    // Fixed and retried under the same requestid: accepted, since only successes are remembered.
    const fits = await post('attachable?requestid=r-long', note('x'.repeat(2000)));
    expect(fits.status).toBe(200);
    expect(world.received.notes).toHaveLength(before + 1);
  });

  it('refuses a note on an invoice that does not exist', async () => {
    const reply = await post('attachable', note('hello', '424242'));
    expect(reply.status).toBe(400);
    expect(firstError(reply)).toMatchObject({ code: '2500' });
  });
});

describe('authentication and request checks', () => {
  it('answers a bad or missing token with 401 AuthenticationFailed', async () => {
    for (const headers of [{ authorization: 'Bearer nope' }, { authorization: '' }]) {
      const res = await fetch(`${sandbox.baseUrl}/quickbooks/v3/company/555/invoice/1043`, { headers });
      const reply = await readReply(res);
      expect(reply.status).toBe(401);
      expect(reply.body.Fault?.type).toBe('AuthenticationFault');
      expect(firstError(reply)).toMatchObject({
        code: '3200',
        Message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
      });
    }
  });

  it('checks minorversion and unknown resources', async () => {
    expect((await call('invoice/1043?minorversion=75')).status).toBe(200);
    expect((await call('invoice/1043?minorversion=4')).status).toBe(200);
    expect((await call('invoice/1043?minorversion=76')).status).toBe(400);
    const unknown = await readReply(await call('widgets'));
    expect(unknown.status).toBe(400);
    expect(firstError(unknown)).toMatchObject({ Message: 'Unsupported Operation' });
  });

  it('expires the access token after an hour of sandbox time', async () => {
    world.advanceClock(3601 * 1000);
    expect((await call('invoice/1043')).status).toBe(401);
  });
});
