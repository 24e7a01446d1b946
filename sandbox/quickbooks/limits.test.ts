import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxWorld } from '../world.js';
import {
  addCustomer,
  api,
  buildCompany,
  connect,
  firstError,
  readReply,
  startSandbox,
  testWorld,
  type RunningSandbox,
} from './test-support.js';

let world: SandboxWorld;
let sandbox: RunningSandbox;
let token: string;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  world = testWorld();
  for (const id of ['1001', '1002', '1003']) {
    const company = buildCompany({ id });
    addCustomer(company, { id: '1' });
    world.addCompany(company);
  }
  sandbox = await startSandbox(world);
  token = (await connect(sandbox.baseUrl, '1001')).access_token;
  call = api(sandbox.baseUrl, '1001', token);
});

afterAll(() => sandbox.close());

describe('injected faults', () => {
  it("answers 'rate-limit' with the XML ThrottleExceeded body, then recovers", async () => {
    world.faults.push({ target: 'quickbooks', companyId: '1001', kind: 'rate-limit', remaining: 1 });
    const throttled = await call('customer/1', { headers: { accept: 'application/json' } });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await throttled.text();
    expect(xml).toContain('<Fault type="SERVICE"><Error code="3001">');
    expect(xml).toContain('<Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>');
    expect((await call('customer/1')).status).toBe(200);
  });

  it("answers 'server-error' with 503 and a SystemFault", async () => {
    world.faults.push({ target: 'quickbooks', kind: 'server-error', remaining: 1 });
    const reply = await readReply(await call('customer/1'));
    expect(reply.status).toBe(503);
    expect(reply.body.Fault?.type).toBe('SystemFault');
    expect((await call('customer/1')).status).toBe(200);
  });

  it('only affects the company it targets', async () => {
    world.faults.push({ target: 'quickbooks', companyId: '1003', kind: 'rate-limit', remaining: 1 });
    expect((await call('customer/1')).status).toBe(200);
    world.faults.length = 0;
  });
});

describe('per-realm throttles', () => {
  it('allows 10 requests in flight per realm and throttles the 11th with the JSON fault', async () => {
    const slowToken = (await connect(sandbox.baseUrl, '1002')).access_token;
    const slowCall = api(sandbox.baseUrl, '1002', slowToken);
    world.faults.push({ target: 'quickbooks', companyId: '1002', kind: 'slow', remaining: 10, delayMs: 400 });
    const replies = await Promise.all(
      Array.from({ length: 11 }, () => slowCall('customer/1').then(readReply)),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 429]);
    const throttled = replies.find((r) => r.status === 429)!;
    expect(firstError(throttled)).toMatchObject({ code: '3001' });
    // Another realm is not affected by this one's load.
    expect((await call('customer/1')).status).toBe(200);
  });

  it('allows 500 requests per minute per realm, counted on the sandbox clock', async () => {
    const busyToken = (await connect(sandbox.baseUrl, '1003')).access_token;
    const busy = api(sandbox.baseUrl, '1003', busyToken);
    let ok = 0;
    for (let batch = 0; batch < 50; batch += 1) {
      const statuses = await Promise.all(
        Array.from({ length: 10 }, () => busy('customer/1').then((r) => r.status)),
      );
      ok += statuses.filter((s) => s === 200).length;
    }
    expect(ok).toBe(500);
    const over = await readReply(await busy('customer/1'));
    expect(over.status).toBe(429);
    expect(firstError(over)).toMatchObject({ code: '3001' });
    world.advanceClock(60_000);
    expect((await busy('customer/1')).status).toBe(200);
  });
});
