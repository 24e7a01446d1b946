import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCredit, payInvoice } from '../../sandbox/books/mutate.js';
import { kowhaiCafe, thamesTraders } from '../../sandbox/xero/testing/company.js';
import { xeroId } from '../../sandbox/xero/index.js';
import { useTestDatabase } from '../../test/db.js';
import { buildWorkspace } from '../../test/factories.js';
import { disconnectXeroOrganisation } from './oauth.js';
import { connectOrganisations, startXeroTest, type XeroSandboxSetup } from './testing.js';
import { xeroWebhookRoutes } from './webhooks.js';

const t = useTestDatabase();
const KOWHAI = kowhaiCafe().id;
const THAMES = thamesTraders().id;
const INV_42 = xeroId(KOWHAI, 'invoice', '42');

let setup: XeroSandboxSetup | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await setup?.close();
  setup = undefined;
});

async function connected(tenants = [KOWHAI, THAMES]) {
  setup = await startXeroTest(t, [kowhaiCafe(), thamesTraders()]);
  const workspace = await buildWorkspace(t.db, { kind: 'firm' });
  const result = await connectOrganisations(setup, workspace.id, tenants);
  const orgId = (tenantId: string) => result.organisations.find((o) => o.tenantId === tenantId)!.id;
  await setup.connector.syncOrganisation(orgId(KOWHAI), { now: new Date() });
  return { setup, result, orgId };
}

describe('notes on invoices (History & Notes)', () => {
  it('B28: writes one sanitised note of at most 250 characters, once per idempotency key', async () => {
    const { setup, orgId } = await connected([KOWHAI]);
    const text = `Reminder #3 sent by email to Zoë Ørsted-Łukasiewicz 🙂 — amount due €1 234,56 ${'x'.repeat(5000)}`;
    await setup.connector.addInvoiceNote(orgId(KOWHAI), INV_42, text, 'dunning:42:3');
    await setup.connector.addInvoiceNote(orgId(KOWHAI), INV_42, text, 'dunning:42:3');
    const notes = setup.world.received.notes;
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text.length).toBeLessThanOrEqual(250);
    expect(notes[0]!.text).toMatch(
      /^Reminder #3 sent by email to Zoë Ørsted-Łukasiewicz — amount due €1 234,56 x+…$/,
    );
    expect(notes[0]!.idempotencyKey).toBe('dunning:42:3');
  });

  it('an unknown invoice is reported, not retried forever', async () => {
    const { setup, orgId } = await connected([KOWHAI]);
    await expect(
      setup.connector.addInvoiceNote(orgId(KOWHAI), '00000000-0000-4000-8000-000000000000', 'hello', 'k1'),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });
});

describe('pre-send check', () => {
  it("re-reads one invoice's AmountDue and Status, and updates the local copy", async () => {
    const { setup, orgId } = await connected([KOWHAI]);
    expect(await setup.connector.fetchInvoiceState(orgId(KOWHAI), INV_42)).toEqual({
      status: 'open',
      amountDue: '750',
      currency: 'NZD',
    });
    payInvoice(setup.world, setup.world.company(KOWHAI)!, '42');
    expect(await setup.connector.fetchInvoiceState(orgId(KOWHAI), INV_42)).toMatchObject({
      status: 'paid',
      amountDue: '0',
    });
    const local = await t.db
      .selectFrom('invoice')
      .select('status')
      .where('organisation_id', '=', orgId(KOWHAI))
      .where('external_id', '=', INV_42)
      .executeTakeFirstOrThrow();
    expect(local.status).toBe('paid');
  });
});

describe('disconnect', () => {
  it('B05: disconnecting one organisation deletes its Xero connection by connection id; the last one revokes the grant', async () => {
    const { setup, result, orgId } = await connected();
    const grant = () => [...setup.sandbox.router.identity.grants.values()][0]!;
    await disconnectXeroOrganisation(setup.deps, setup.config, orgId(KOWHAI));
    expect(grant().connections.map((c) => c.tenantId)).toEqual([THAMES]);
    const rows = await t.db
      .selectFrom('organisation')
      .select(['external_id', 'status'])
      .where('connection_id', '=', result.connectionId)
      .orderBy('name')
      .execute();
    expect(rows).toEqual([
      { external_id: KOWHAI, status: 'disconnected' },
      { external_id: THAMES, status: 'active' },
    ]);
    // Invoices are kept.
    expect(
      (await t.db.selectFrom('invoice').select('id').where('organisation_id', '=', orgId(KOWHAI)).execute())
        .length,
    ).toBe(5);

    await disconnectXeroOrganisation(setup.deps, setup.config, orgId(THAMES));
    expect(grant().revoked).toBe(true);
    const connection = await t.db
      .selectFrom('connection')
      .selectAll()
      .where('id', '=', result.connectionId)
      .executeTakeFirstOrThrow();
    expect(connection).toMatchObject({
      status: 'disconnected',
      access_token_enc: null,
      refresh_token_enc: null,
    });
  });
});

describe('webhooks', () => {
  async function serve(setup: XeroSandboxSetup) {
    const tasks: Promise<void>[] = [];
    const app = express();
    // As the app does: raw bytes for /webhooks/*, JSON parsing for the rest (B22 case 3).
    app.use('/webhooks', express.raw({ type: '*/*' }));
    app.use(express.json());
    app.use(
      '/webhooks',
      xeroWebhookRoutes(setup.deps, setup.config, setup.connector, {
        schedule: (task) => tasks.push(task()),
      }),
    );
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/xero`;
    const post = (body: string, signature: string) =>
      fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-xero-signature': signature },
      });
    return { post, tasks };
  }
  const sign = (body: string, key: string) => createHmac('sha256', key).update(body).digest('base64');

  it('B22: intent-to-receive: 200 with an empty body for the raw-body signature, 401 for re-serialised JSON', async () => {
    const { setup } = await connected([KOWHAI]);
    const { post } = await serve(setup);
    // The reference vector (xero.md §8.5): note the spaces Xero puts in its JSON.
    const raw =
      '{"events":[],"firstEventSequence": 0,"lastEventSequence": 0, "entropy": "QWERTYUIOPASDFGHJKLZ"}';
    expect(setup.config.webhookKey).toBe('test-webhook-key-not-real');
    const good = await post(raw, 'uDnkxwoIbJpIzc9rc3hk+hTIX3zFZUtyh4Zpr8C25gQ=');
    expect([good.status, await good.text()]).toEqual([200, '']);
    const reserialised = await post(raw, 'Lb2d+txuTmt+Mp8itMemSh519w8ssaWtu3mdz+DVxD4=');
    expect([reserialised.status, await reserialised.text()]).toEqual([401, '']);
    expect((await post(raw, '')).status).toBe(401);
  });

  it('a malformed body with a valid signature is refused and nothing is stored', async () => {
    const { setup } = await connected([KOWHAI]);
    const { post } = await serve(setup);
    const body = '{"events": [{"tenantId": 5}]';
    expect((await post(body, sign(body, setup.config.webhookKey))).status).toBe(400);
    expect(await t.db.selectFrom('webhook_event').selectAll().execute()).toEqual([]);
  });

  it('an INVOICE event fetches that invoice for that tenant, once however often it is delivered', async () => {
    const { setup, orgId } = await connected([KOWHAI]);
    const { post, tasks } = await serve(setup);
    payInvoice(setup.world, setup.world.company(KOWHAI)!, '42');
    const event = {
      resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${INV_42}`,
      resourceId: INV_42,
      eventDateUtc: '2026-12-03T10:00:00.000',
      eventType: 'UPDATE',
      eventCategory: 'INVOICE',
      tenantId: KOWHAI,
      tenantType: 'ORGANISATION',
    };
    const body = `{"events": [ ${JSON.stringify(event)} ],  "firstEventSequence": 7, "lastEventSequence": 7, "entropy": "ABC"}`;
    for (let i = 0; i < 2; i += 1) {
      const res = await post(body, sign(body, setup.config.webhookKey));
      expect([res.status, await res.text()]).toEqual([200, '']);
    }
    await Promise.all(tasks);
    expect(tasks).toHaveLength(1);
    const row = await t.db
      .selectFrom('invoice')
      .select(['status', 'amount_due'])
      .where('organisation_id', '=', orgId(KOWHAI))
      .where('external_id', '=', INV_42)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('paid');
    const runs = await t.db
      .selectFrom('sync_run')
      .select(['kind', 'status'])
      .where('organisation_id', '=', orgId(KOWHAI))
      .where('kind', '=', 'webhook')
      .execute();
    expect(runs).toEqual([{ kind: 'webhook', status: 'succeeded' }]);
    const events = await t.db.selectFrom('webhook_event').select('processed_at').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.processed_at).not.toBeNull();
  });

  it('CONTACT and CREDITNOTE events fetch that contact and that credit note for that tenant', async () => {
    const { setup, orgId } = await connected([KOWHAI]);
    const { post, tasks } = await serve(setup);
    const company = setup.world.company(KOWHAI)!;
    const contact = company.customers[0]!;
    contact.displayName = 'Kōwhai Café (renamed)';
    setup.world.touch(company, 'Customer', contact, 'Update');
    applyCredit(setup.world, company, 'c2', '42');
    const event = (category: string, resource: string, resourceId: string) => ({
      resourceUrl: `https://api.xero.com/api.xro/2.0/${resource}/${resourceId}`,
      resourceId,
      eventDateUtc: '2026-12-03T10:00:00.000',
      eventType: 'UPDATE',
      eventCategory: category,
      tenantId: KOWHAI,
      tenantType: 'ORGANISATION',
    });
    const creditId = xeroId(KOWHAI, 'creditnote', 'c2');
    const body = JSON.stringify({
      events: [
        event('CONTACT', 'Contacts', xeroId(KOWHAI, 'contact', contact.id)),
        event('CREDITNOTE', 'CreditNotes', creditId),
      ],
      firstEventSequence: 8,
      lastEventSequence: 9,
      entropy: 'DEF',
    });
    const res = await post(body, sign(body, setup.config.webhookKey));
    expect(res.status).toBe(200);
    await Promise.all(tasks);
    const customer = await t.db
      .selectFrom('customer')
      .select('name')
      .where('organisation_id', '=', orgId(KOWHAI))
      .where('external_id', '=', xeroId(KOWHAI, 'contact', contact.id))
      .executeTakeFirstOrThrow();
    expect(customer.name).toBe('Kōwhai Café (renamed)');
    const credit = await t.db
      .selectFrom('credit')
      .select('remaining')
      .where('organisation_id', '=', orgId(KOWHAI))
      .where('external_id', '=', creditId)
      .executeTakeFirstOrThrow();
    expect(credit.remaining).toMatch(/^0(\.0+)?$/);
  });
});
