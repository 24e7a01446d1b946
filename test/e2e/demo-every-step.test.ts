import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadenceDeps, runCadence, writePendingNotes } from '../../cadence/run/index.js';
import type { CadenceDeps } from '../../cadence/run/index.js';
import { syncDueOrganisations } from '../../connectors/sync-all.js';
import { DEMO_COMPANIES } from '../../sandbox/books/demo.js';
import { neutralId } from '../../sandbox/xero/ids.js';
import { connectDemoBooks } from '../../server/demo-bootstrap.js';
import { useTestDatabase } from '../db.js';
import { connectQuickBooks, startDemoApp, until, type DemoApp } from './demo-app.js';

/**
 * Issue 6's demo, as `npm start` runs it: the demo user connects the sandbox's QuickBooks company and both Xero
 * organisations through the real Connect flows, the demo settings bring in their overdue invoices, and the worker
 * ticks through a day. Each of the four steps then goes out in every organisation (New York, Christchurch,
 * London), and each touchpoint is a note on every sandbox invoice it covered.
 */
const t = useTestDatabase();
const AS_OF = '2026-12-08'; // a Tuesday, no holiday in the US, New Zealand or the UK
const BOOKS = [DEMO_COMPANIES.quickbooks, DEMO_COMPANIES.xeroNz, DEMO_COMPANIES.xeroGb];

let app: DemoApp;
let deps: CadenceDeps;
let organisations: { id: string; externalId: string }[];

beforeAll(async () => {
  app = await startDemoApp(t.url, AS_OF);
  deps = cadenceDeps(app.runtime, app.runtime.senders);
  // connectDemoBooks finds the QuickBooks companies in the sandbox `npm start` runs in-process; this one runs apart.
  await connectQuickBooks(app, DEMO_COMPANIES.quickbooks.id);
  await connectDemoBooks(app.runtime, app.url);
  // The first syncs, as the worker's first tick runs them (each also started on connect).
  const connectorDeps = {
    db: t.db,
    log: app.runtime.log,
    encryptionKey: app.runtime.config.encryptionKey,
    now: app.runtime.now,
  };
  organisations = await until(async () => {
    await syncDueOrganisations(connectorDeps, app.runtime.connectors, app.runtime.now(), { workerId: 'e2e' });
    const synced = await t.db
      .selectFrom('organisation')
      .select(['id', 'external_id as externalId'])
      .where('full_sync_completed_at', 'is not', null)
      .execute();
    return synced.length === BOOKS.length && synced;
  }, 'the first syncs of the three demo books');
  // The worker's day: a tick every hour for 24 hours, so each zone's send window opens once.
  for (let hour = 0; hour < 24; hour += 1) {
    await runCadence(deps, { now: app.runtime.now() });
    await app.sandbox.world.idle();
    await writePendingNotes(deps, { now: app.runtime.now() });
    app.sandbox.world.advanceClock(60 * 60_000);
  }
}, 300_000);

afterAll(async () => {
  await app?.close();
});

describe('the demo books through a day of the worker', () => {
  it.each(BOOKS.map((b) => [b.name, b.id]))(
    '%s: steps 1 to 4 each go out, and every touchpoint is a note on each invoice it covered',
    async (_name, companyId) => {
      const organisation = organisations.find((o) => o.externalId === companyId)!;
      const sent = await t.db
        .selectFrom('touchpoint as t')
        .innerJoin('touchpoint_invoice as ti', 'ti.touchpoint_id', 't.id')
        .innerJoin('invoice as i', 'i.id', 'ti.invoice_id')
        .select(['t.id', 't.step', 'i.external_id as invoice', 'i.number'])
        .where('t.organisation_id', '=', organisation.id)
        .where('t.status', 'in', ['sent', 'partially_sent'])
        .execute();
      expect(new Set(sent.map((s) => s.step))).toEqual(new Set([1, 2, 3, 4]));

      const company = app.sandbox.world.company(companyId)!;
      const notes = app.sandbox.world.received.notes.filter((n) => n.companyId === companyId);
      for (const { step, invoice, number } of sent) {
        // The sandbox keeps notes under its own invoice ids; Xero's InvoiceID is derived from them.
        const sandboxId = company.provider === 'xero' ? neutralId(company, 'invoice', invoice) : invoice;
        const onInvoice = notes.filter((n) => n.invoiceId === sandboxId).map((n) => n.text);
        expect(onInvoice, `${number}`).toContainEqual(
          expect.stringMatching(new RegExp(`^Dunwise reminder, step ${step}: `)),
        );
      }
    },
  );
});

describe('one Xero consent, two organisations', () => {
  it('shares one grant but keeps its own settings each: zone, holidays, send window', async () => {
    const xero = await t.db
      .selectFrom('organisation as o')
      .innerJoin('organisation_settings as s', 's.organisation_id', 'o.id')
      .select(['o.external_id', 'o.connection_id', 's.settings'])
      .where('o.provider', '=', 'xero')
      .orderBy('o.name')
      .execute();
    expect(xero).toHaveLength(2);
    expect(xero[0]!.connection_id).toBe(xero[1]!.connection_id);
    const tuned = xero.map((o) => {
      const settings = o.settings as { timeZone: string; holidayCountry: string };
      return [o.external_id, settings.timeZone, settings.holidayCountry];
    });
    expect(tuned).toEqual([
      [DEMO_COMPANIES.xeroGb.id, 'Europe/London', 'GB'],
      [DEMO_COMPANIES.xeroNz.id, 'Pacific/Auckland', 'NZ'],
    ]);
  });
});

describe('Xero webhooks reach the app', () => {
  it('a payment in Xero is signed and posted to /webhooks/xero, whose targeted fetch marks the invoice paid here', async () => {
    app.sandbox.world.apps.xero.webhookUrl = `${app.url}/webhooks/xero`;
    const companyId = DEMO_COMPANIES.xeroGb.id;
    const organisation = organisations.find((o) => o.externalId === companyId)!;
    const open = await t.db
      .selectFrom('invoice')
      .select(['id', 'external_id'])
      .where('organisation_id', '=', organisation.id)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    const sandboxId = neutralId(app.sandbox.world.company(companyId)!, 'invoice', open.external_id)!;
    const paid = await fetch(`${app.sandbox.url}/sandbox/companies/${companyId}/invoices/${sandboxId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(paid.status).toBe(200);
    // Nothing syncs here meanwhile: only the webhook's targeted fetch can bring the payment in.
    await until(
      () =>
        t.db
          .selectFrom('invoice')
          .select('id')
          .where('id', '=', open.id)
          .where('status', '=', 'paid')
          .executeTakeFirst(),
      'the webhook-triggered fetch of the paid invoice',
    );
  });
});
