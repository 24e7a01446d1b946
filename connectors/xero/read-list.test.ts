import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { XeroClient } from 'xero-node';
import { isConnectorError } from '../types.js';
import { parseXeroError } from './errors.js';
import { getListPage } from './read-list.js';

const API = 'https://api.xero.test';
const TENANT = '3f1a7c2e-8b4d-4e6f-9a1b-2c3d4e5f6a70';

function client(): XeroClient {
  const xero = new XeroClient({ clientId: 'id', clientSecret: 'secret', redirectUris: ['http://x/cb'] });
  xero.accountingApi.basePath = `${API}/api.xro/2.0`;
  xero.setTokenSet({ access_token: 'AT1', token_type: 'Bearer' });
  return xero;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('getListPage: the request xero-node would make, read as Xero sent it', () => {
  it('sends the tenant, the bearer token, If-Modified-Since and the query as Xero documents it', async () => {
    const scope = nock(API)
      .get('/api.xro/2.0/Invoices')
      .matchHeader('xero-tenant-id', TENANT)
      .matchHeader('authorization', 'Bearer AT1')
      .matchHeader('user-agent', 'dunwise (xero-node compatible)')
      .matchHeader('if-modified-since', '2026-12-01T09:00:00')
      .query({
        where: 'Type=="ACCREC"',
        Statuses: 'AUTHORISED,PAID',
        IDs: 'a,b',
        page: '2',
        pageSize: '1000',
      })
      .reply(
        200,
        {
          pagination: { page: 2, pageSize: 1000, pageCount: 3, itemCount: 2001 },
          Invoices: [{ InvoiceID: 'a' }],
        },
        { 'X-DayLimit-Remaining': '4210' },
      );
    const { response, body } = await getListPage(
      client(),
      TENANT,
      'Invoices',
      { where: 'Type=="ACCREC"', Statuses: ['AUTHORISED', 'PAID'], IDs: ['a', 'b'], page: 2, pageSize: 1000 },
      { headers: { 'If-Modified-Since': '2026-12-01T09:00:00' } },
    );
    expect(scope.isDone()).toBe(true);
    expect(body).toEqual({ pagination: { pageCount: 3 }, records: [{ InvoiceID: 'a' }] });
    expect(response.headers['x-daylimit-remaining']).toBe('4210');
  });

  it('joins IDs with literal commas, each value encoded on its own: 50 GUIDs stay well inside 2,048 characters', async () => {
    const ids = Array.from(
      { length: 50 },
      (_, i) => `3f1a7c2e-8b4d-4e6f-9a1b-2c3d4e5f${String(i).padStart(4, '0')}`,
    );
    const paths: string[] = [];
    nock(API)
      .get('/api.xro/2.0/Invoices')
      .query(true)
      .twice()
      .reply((uri) => {
        paths.push(uri);
        return [200, { Invoices: [] }];
      });
    await getListPage(client(), TENANT, 'Invoices', { IDs: ids, includeArchived: true });
    await getListPage(client(), TENANT, 'Invoices', { where: 'Type=="ACCREC" && Status!="DRAFT"' });
    expect(paths).toEqual([
      `/api.xro/2.0/Invoices?IDs=${ids.join(',')}&includeArchived=true`,
      '/api.xro/2.0/Invoices?where=Type%3D%3D%22ACCREC%22%20%26%26%20Status!%3D%22DRAFT%22',
    ]);
    expect(`https://api.xero.com${paths[0]}`.length).toBe(1916);
  });

  it('a read by IDs must name its list: an answer without it is retried, never taken for "none of them exist"', async () => {
    nock(API).get('/api.xro/2.0/Invoices').query(true).reply(200, { Id: 'x', Status: 'OK' });
    const error = await getListPage(
      client(),
      TENANT,
      'Invoices',
      { IDs: ['a'] },
      { listRequired: true },
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isConnectorError(error) && [error.kind, error.message]).toEqual([
      'transient',
      'xero Invoices: the answer has no "Invoices"',
    ]);
  });

  it('a page with an empty list, or no list key at all, is an empty page', async () => {
    nock(API).get('/api.xro/2.0/Payments').reply(200, { Payments: [] });
    nock(API).get('/api.xro/2.0/Prepayments').reply(200, { Id: 'x', Status: 'OK' });
    expect((await getListPage(client(), TENANT, 'Payments', {})).body).toEqual({ records: [] });
    expect((await getListPage(client(), TENANT, 'Prepayments', {})).body).toEqual({ records: [] });
  });
});

describe('failures reach org.call in the shape its policy reads', () => {
  async function failure(reply: (scope: nock.Interceptor) => nock.Scope) {
    reply(nock(API).get('/api.xro/2.0/Invoices').query(true));
    const error = await getListPage(client(), TENANT, 'Invoices', { page: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    return parseXeroError(error);
  }

  it('a minute 429 waits Retry-After; a day 429 parks the organisation', async () => {
    const minute = await failure((s) =>
      s.reply(429, '', { 'Retry-After': '7', 'X-Rate-Limit-Problem': 'minute', 'X-MinLimit-Remaining': '0' }),
    );
    expect(minute.error.details).toMatchObject({ status: 429, scope: 'minute', retryAfterMs: 7000 });
    expect(minute.headers['x-minlimit-remaining']).toBe('0');
    const day = await failure((s) =>
      s.reply(429, '', { 'Retry-After': '3600', 'X-Rate-Limit-Problem': 'day' }),
    );
    expect(day.error.details).toMatchObject({ scope: 'day', retryAfterMs: 3_600_000 });
  });

  it('401 TokenExpired is refreshed; another 401 or 403 needs reconnecting', async () => {
    const expired = await failure((s) =>
      s.reply(401, {
        Title: 'Unauthorized',
        Status: 401,
        Detail: 'TokenExpired: token expired at 12/03/2026',
      }),
    );
    expect(expired.tokenExpired).toBe(true);
    const forbidden = await failure((s) =>
      s.reply(403, { Title: 'Forbidden', Status: 403, Detail: 'AuthenticationUnsuccessful' }),
    );
    expect(forbidden.error.kind).toBe('needs_reconnect');
    expect(forbidden.error.message).toBe('xero 403: AuthenticationUnsuccessful');
  });

  it("a validation error keeps Xero's own words", async () => {
    const rejected = await failure((s) =>
      s.reply(400, {
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: 'A validation exception occurred',
        Elements: [{ ValidationErrors: [{ Message: 'Invalid where clause' }] }],
      }),
    );
    expect(rejected.error.kind).toBe('rejected');
    expect(rejected.error.message).toBe('xero 400: Invalid where clause');
  });

  it('a 503 with an HTML body, a refused connection and a 200 that is not a list page are transient', async () => {
    const unavailable = await failure((s) => s.reply(503, '<html>Service Unavailable</html>'));
    expect(unavailable.error).toMatchObject({ kind: 'transient', details: { status: 503 } });
    const refused = await failure((s) => s.replyWithError({ code: 'ECONNREFUSED' }));
    expect(refused.error.kind).toBe('transient');
    const html = await failure((s) => s.reply(200, '<html>maintenance</html>'));
    expect(html.error).toMatchObject({
      kind: 'transient',
      message: 'xero Invoices: the answer is not a JSON object',
    });
    const notAList = await failure((s) => s.reply(200, { Invoices: { InvoiceID: 'a' } }));
    expect(isConnectorError(notAList.error, 'transient')).toBe(true);
  });
});
