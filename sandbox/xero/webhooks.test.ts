import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxWorld } from '../world.js';
import { xeroId } from './ids.js';
import { sendIntentToReceive } from './index.js';
import { kowhaiCafe } from './testing/company.js';
import { startXeroSandbox, type RunningSandbox } from './testing/server.js';
import { testWorld, XERO_APP } from './testing/world.js';
import { signXeroWebhook } from './webhooks/sign.js';

interface Receiver {
  url: string;
  bodies: string[];
  close(): Promise<void>;
}

/** An app endpoint that checks x-xero-signature over the raw bytes, as the connector must (pitfall P10). */
async function startReceiver(mode: 'correct' | 'always-ok' | 'reserialise'): Promise<Receiver> {
  const bodies: string[] = [];
  const app = express();
  app.post('/webhooks/xero', express.raw({ type: 'application/json' }), (req, res) => {
    const raw = (req.body as Buffer).toString('utf8');
    const signed = mode === 'reserialise' ? JSON.stringify(JSON.parse(raw)) : raw;
    const expected = Buffer.from(createHmac('sha256', XERO_APP.webhookKey).update(signed).digest('base64'));
    const given = Buffer.from(req.get('x-xero-signature') ?? '');
    const valid = expected.length === given.length && timingSafeEqual(expected, given);
    if (valid) bodies.push(raw);
    res.status(valid || mode === 'always-ok' ? 200 : 401).end();
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/xero`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let world: SandboxWorld;
let sandbox: RunningSandbox;
let receiver: Receiver | undefined;

beforeEach(async () => {
  world = testWorld([kowhaiCafe()]);
  sandbox = await startXeroSandbox(world);
});

afterEach(async () => {
  await sandbox.close();
  await receiver?.close();
  receiver = undefined;
});

describe('Xero webhooks', () => {
  it('signs the reference’s intent-to-receive vector as Xero does', () => {
    const body =
      '{"events":[],"firstEventSequence": 0,"lastEventSequence": 0, "entropy": "QWERTYUIOPASDFGHJKLZ"}';
    expect(signXeroWebhook(body, 'test-webhook-key-not-real')).toBe(
      'uDnkxwoIbJpIzc9rc3hk+hTIX3zFZUtyh4Zpr8C25gQ=',
    );
  });

  it('posts INVOICE, CONTACT and CREDITNOTE events; a payment becomes INVOICE UPDATEs', async () => {
    receiver = await startReceiver('correct');
    world.apps.xero.webhookUrl = receiver.url;
    const company = world.company(kowhaiCafe().id)!;
    world.touch(company, 'Invoice', company.index.invoices.get('42')!, 'Update');
    world.touch(company, 'Customer', company.index.customers.get('2')!, 'Create');
    await sandbox.router.webhooks.flush();
    world.touch(company, 'CreditMemo', company.index.creditNotes.get('c2')!, 'Update');
    world.touch(company, 'Payment', company.index.payments.get('p1')!, 'Create');
    await sandbox.router.webhooks.flush();

    expect(receiver.bodies).toHaveLength(2);
    const [first, second] = receiver.bodies.map(
      (b) =>
        JSON.parse(b) as {
          events: Record<string, string>[];
          firstEventSequence: number;
          lastEventSequence: number;
          entropy: string;
        },
    );
    expect(first!.events.map((e) => [e.eventCategory, e.eventType, e.resourceId])).toEqual([
      ['INVOICE', 'UPDATE', xeroId(company.id, 'invoice', '42')],
      ['CONTACT', 'CREATE', xeroId(company.id, 'contact', '2')],
    ]);
    expect(first!.events[0]).toMatchObject({
      tenantId: company.id,
      tenantType: 'ORGANISATION',
      resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${xeroId(company.id, 'invoice', '42')}`,
    });
    expect(first!.events[0]!.eventDateUtc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect([first!.firstEventSequence, first!.lastEventSequence]).toEqual([1, 2]);
    expect(second!.events.map((e) => [e.eventCategory, e.eventType])).toEqual([
      ['CREDITNOTE', 'UPDATE'],
      ['INVOICE', 'UPDATE'],
    ]);
    expect([second!.firstEventSequence, second!.lastEventSequence]).toEqual([3, 4]);
    expect(sandbox.router.webhooks.deliveries.map((d) => d.status)).toEqual([200, 200]);
  });

  it('sends nothing without a webhook URL, and never throws when the app is down', async () => {
    const company = world.company(kowhaiCafe().id)!;
    world.touch(company, 'Invoice', company.index.invoices.get('42')!, 'Update');
    await sandbox.router.webhooks.flush();
    expect(sandbox.router.webhooks.deliveries).toEqual([]);
    world.apps.xero.webhookUrl = 'http://127.0.0.1:9/nothing-listens-here';
    world.touch(company, 'Invoice', company.index.invoices.get('42')!, 'Update');
    await sandbox.router.webhooks.flush();
    expect(sandbox.router.webhooks.deliveries[0]).toMatchObject({
      status: null,
      error: expect.any(String) as string,
    });
  });

  it('intent to receive: passes an app that checks the raw-body signature', async () => {
    receiver = await startReceiver('correct');
    world.apps.xero.webhookUrl = receiver.url;
    const result = await sendIntentToReceive(world);
    expect(result).toEqual({
      ok: true,
      correctlySigned: { status: 200, bodyEmpty: true, error: null },
      wronglySigned: { status: 401, bodyEmpty: true, error: null },
    });
  });

  it.each(['always-ok', 'reserialise'] as const)('intent to receive: fails an app that %s', async (mode) => {
    receiver = await startReceiver(mode);
    world.apps.xero.webhookUrl = receiver.url;
    expect((await sendIntentToReceive(world)).ok).toBe(false);
  });
});
