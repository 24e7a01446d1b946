import { afterEach, describe, expect, it } from 'vitest';
import type { XeroClient } from 'xero-node';
import type { SandboxWorld } from '../world.js';
import type { XeroLimits } from './options.js';
import { kowhaiCafe, thamesTraders } from './testing/company.js';
import { sdkError } from './testing/sdk-error.js';
import { startXeroSandbox, type RunningSandbox } from './testing/server.js';
import { testWorld } from './testing/world.js';
import { connect, sandboxXeroClient } from './testing/xero-client.js';

const TENANT = kowhaiCafe().id;
const OTHER = thamesTraders().id;

let sandbox: RunningSandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function setUp(limits: Partial<XeroLimits>): Promise<{ world: SandboxWorld; xero: XeroClient }> {
  const world = testWorld([kowhaiCafe(), thamesTraders()]);
  sandbox = await startXeroSandbox(world, { limits: limits as XeroLimits });
  const xero = await sandboxXeroClient(sandbox);
  await connect(xero, [TENANT, OTHER]);
  return { world, xero };
}

const MINUTE = 60_000;

describe('Xero rate limits', () => {
  it('counts down X-MinLimit/X-DayLimit/X-AppMinLimit-Remaining, then 429 minute with Retry-After', async () => {
    const { world, xero } = await setUp({ perMinute: 3, perDay: 100 });
    const first = await xero.accountingApi.getOrganisations(TENANT);
    expect({ ...first.response.headers }).toMatchObject({
      'x-minlimit-remaining': '2',
      'x-daylimit-remaining': '99',
      'x-appminlimit-remaining': '9999',
    });
    await xero.accountingApi.getOrganisations(TENANT);
    await xero.accountingApi.getOrganisations(TENANT);
    const error = await sdkError(xero.accountingApi.getOrganisations(TENANT));
    expect(error.response.statusCode).toBe(429);
    expect(error.response.headers['x-rate-limit-problem']).toBe('minute');
    expect(error.response.headers['x-minlimit-remaining']).toBe('0');
    const retryAfter = Number(error.response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Limits are per tenant: the other organisation is still fine.
    expect((await xero.accountingApi.getOrganisations(OTHER)).response.status).toBe(200);
    world.advanceClock(MINUTE);
    expect((await xero.accountingApi.getOrganisations(TENANT)).response.status).toBe(200);
  });

  it('enforces the daily quota with a long Retry-After', async () => {
    const { world, xero } = await setUp({ perMinute: 100, perDay: 2 });
    await xero.accountingApi.getOrganisations(TENANT);
    world.advanceClock(MINUTE);
    await xero.accountingApi.getOrganisations(TENANT);
    world.advanceClock(MINUTE);
    const error = await sdkError(xero.accountingApi.getOrganisations(TENANT));
    expect(error.response.headers).toMatchObject({
      'x-rate-limit-problem': 'day',
      'x-daylimit-remaining': '0',
    });
    expect(Number(error.response.headers['retry-after'])).toBeGreaterThan(23 * 3600);
  });

  it('enforces the app-wide minute limit across tenants', async () => {
    const { xero } = await setUp({ appPerMinute: 2 });
    await xero.accountingApi.getOrganisations(TENANT);
    await xero.accountingApi.getOrganisations(OTHER);
    const error = await sdkError(xero.accountingApi.getOrganisations(OTHER));
    expect(error.response.headers['x-rate-limit-problem']).toBe('appminute');
  });

  it('allows 5 calls in flight per tenant; the sixth concurrent call gets 429 concurrent', async () => {
    const { world, xero } = await setUp({});
    const fault = {
      target: 'xero' as const,
      companyId: TENANT,
      kind: 'slow' as const,
      remaining: 5,
      delayMs: 1_000,
    };
    world.faults.push(fault);
    const slow = Array.from({ length: 5 }, () => xero.accountingApi.getOrganisations(TENANT));
    // Each slow call takes its fault in the same tick it is admitted: once all are taken, 5 are in flight.
    while (fault.remaining > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const error = await sdkError(xero.accountingApi.getOrganisations(TENANT));
    expect(error.response.statusCode).toBe(429);
    expect(error.response.headers['x-rate-limit-problem']).toBe('concurrent');
    expect((await Promise.all(slow)).map((r) => r.response.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await xero.accountingApi.getOrganisations(TENANT)).response.status).toBe(200);
  });
});

describe('injected faults', () => {
  it('rate-limit and rate-limit-day answer Xero’s 429s', async () => {
    const { world, xero } = await setUp({});
    world.faults.push({ target: 'xero', companyId: TENANT, kind: 'rate-limit', remaining: 1 });
    world.faults.push({ target: 'xero', companyId: TENANT, kind: 'rate-limit-day', remaining: 1 });
    const minute = await sdkError(xero.accountingApi.getInvoices(TENANT));
    expect(minute.response.statusCode).toBe(429);
    expect(minute.response.headers).toMatchObject({
      'x-rate-limit-problem': 'minute',
      'x-minlimit-remaining': '0',
    });
    const day = await sdkError(xero.accountingApi.getInvoices(TENANT));
    expect(day.response.headers).toMatchObject({
      'x-rate-limit-problem': 'day',
      'x-daylimit-remaining': '0',
    });
    expect(Number(day.response.headers['retry-after'])).toBeGreaterThan(3600);
    expect((await xero.accountingApi.getInvoices(TENANT)).response.status).toBe(200);
  });

  it('server-error answers 500 once', async () => {
    const { world, xero } = await setUp({});
    world.faults.push({ target: 'xero', companyId: TENANT, kind: 'server-error', remaining: 1 });
    const error = await sdkError(xero.accountingApi.getInvoices(TENANT));
    expect(error.response.statusCode).toBe(500);
    expect(error.response.body).toMatchObject({ Status: 500, Title: 'An error occurred' });
    expect((await xero.accountingApi.getInvoices(TENANT)).response.status).toBe(200);
  });

  it('revoked removes the organisation’s connection: 403 and gone from /connections', async () => {
    const { world, xero } = await setUp({});
    world.faults.push({ target: 'xero', companyId: TENANT, kind: 'revoked', remaining: 1 });
    const error = await sdkError(xero.accountingApi.getInvoices(TENANT));
    expect(error.response.statusCode).toBe(403);
    expect(error.response.body).toMatchObject({ Detail: 'AuthenticationUnsuccessful' });
    const connections = await fetch(`${sandbox!.apiBase}/connections`, {
      headers: { authorization: `Bearer ${xero.readTokenSet().access_token}` },
    });
    expect(((await connections.json()) as { tenantId: string }[]).map((c) => c.tenantId)).toEqual([OTHER]);
    expect((await sdkError(xero.accountingApi.getInvoices(TENANT))).response.statusCode).toBe(403);
  });
});
