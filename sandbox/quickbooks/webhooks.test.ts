import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxWorld } from '../world.js';
import { startWebhookDispatch } from './webhooks.js';
import { addInvoice, buildCompany, startSandbox, testWorld, type RunningSandbox } from './test-support.js';

interface Delivery {
  signature: string | undefined;
  raw: string;
}

let world: SandboxWorld;
let sandbox: RunningSandbox;
let receiver: Server;
const deliveries: Delivery[] = [];
let waiting: (() => void) | null = null;
let webhookUrl = '';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({
        signature: req.headers['intuit-signature'] as string | undefined,
        raw: Buffer.concat(chunks).toString(),
      });
      res.end();
      waiting?.();
    });
  }).listen(0);
  await new Promise<void>((resolve) => receiver.once('listening', resolve));
  world = testWorld();
  webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/quickbooks`;
  world.apps.quickbooks.webhookUrl = webhookUrl;
  const company = buildCompany({ id: '9130356' });
  addInvoice(company, { id: '1043', customerId: '58', totalCents: 1000 });
  addInvoice(company, { id: '1044', customerId: '58', totalCents: 1000 });
  world.addCompany(company);
  world.addCompany(buildCompany({ id: 'xero-tenant', provider: 'xero' }));
  sandbox = await startSandbox(world);
});

afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

function nextDelivery(): Promise<void> {
  return new Promise((resolve) => {
    waiting = resolve;
  });
}

describe('data-change webhooks', () => {
  it('batches changes into one signed eventNotifications POST, ignoring other providers', async () => {
    const company = world.company('9130356')!;
    const arrived = nextDelivery();
    world.touch(company, 'Invoice', company.index.invoices.get('1043')!, 'Update');
    world.touch(company, 'Invoice', company.index.invoices.get('1044')!, 'Void');
    world.emit('change', { companyId: 'xero-tenant', entity: 'Invoice', id: 'x', operation: 'Update' });
    await arrived;

    expect(deliveries).toHaveLength(1);
    const { raw, signature } = deliveries[0]!;
    expect(signature).toBe(createHmac('sha256', 'qb-verifier').update(raw).digest('base64'));
    expect(JSON.parse(raw)).toEqual({
      eventNotifications: [
        {
          realmId: '9130356',
          dataChangeEvent: {
            entities: [
              { name: 'Invoice', id: '1043', operation: 'Update', lastUpdated: '2026-07-20T16:00:00.000Z' },
              { name: 'Invoice', id: '1044', operation: 'Void', lastUpdated: '2026-07-20T16:00:00.000Z' },
            ],
          },
        },
      ],
    });
  });

  it('records each delivery, and survives an unreachable webhook URL', async () => {
    await world.idle();
    expect(world.deliveries.filter((d) => d.kind === 'quickbooks').map((d) => d.status)).toEqual([200]);
    world.apps.quickbooks.webhookUrl = 'http://127.0.0.1:1/unreachable';
    const company = world.company('9130356')!;
    world.touch(company, 'Invoice', company.index.invoices.get('1043')!, 'Update');
    await world.idle();
    expect(deliveries).toHaveLength(1);
    const failed = world.deliveries.at(-1)!;
    expect(failed).toMatchObject({ kind: 'quickbooks', url: 'http://127.0.0.1:1/unreachable', status: null });
    expect(failed.error).toBeTruthy();
  });

  it('can send the CloudEvents format instead', async () => {
    world.apps.quickbooks.webhookUrl = webhookUrl;
    const stop = startWebhookDispatch(world, 'cloudevents', 50);
    const company = world.company('9130356')!;
    const before = deliveries.length;
    world.touch(company, 'Invoice', company.index.invoices.get('1044')!, 'Update');
    await world.idle();
    stop();
    // The classic dispatcher of the running sandbox sent its own copy; pick the CloudEvents one.
    const cloud = deliveries.slice(before).find((d) => d.raw.startsWith('['))!;
    expect(cloud.signature).toBe(createHmac('sha256', 'qb-verifier').update(cloud.raw).digest('base64'));
    const events = JSON.parse(cloud.raw) as Record<string, unknown>[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      specversion: '1.0',
      type: 'qbo.invoice.updated.v1',
      datacontenttype: 'application/json',
      time: '2026-07-20T16:00:00.000Z',
      intuitentityid: '1044',
      intuitaccountid: '9130356',
      data: {},
    });
    expect(events[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(events[0]!.source).toMatch(/^intuit\./);
  });
});
