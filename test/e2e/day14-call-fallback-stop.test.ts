import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadenceDeps, runCadence, writePendingNotes } from '../../cadence/run/index.js';
import type { CadenceDeps } from '../../cadence/run/index.js';
import { DEMO_COMPANIES } from '../../sandbox/books/demo.js';
import type { Customer, Invoice, WrittenNote } from '../../sandbox/books/types.js';
import { SANDBOX_TWILIO_FROM } from '../../sandbox/server.js';
import { applyDemoSettings } from '../../server/demo-bootstrap.js';
import { useTestDatabase } from '../db.js';
import { connectQuickBooks, startDemoApp, until, type DemoApp } from './demo-app.js';

/**
 * Issue 7's "done when", through the demo: the demo books in the QuickBooks sandbox, connected through the real
 * Connect flow and synced; on Tuesday 8 Dec 2026 at 13:05 in New York, Larsen & Søn Joinery's invoice (due 23 Nov,
 * day 15) gets the day-14 step: an automated call, which nobody answers. Twilio's signed status callbacks reach
 * the app, which texts instead. The customer replies STOP. A week later the day-21 step (email + SMS) goes out by
 * email only. Every one of these is a note on the invoice in QuickBooks, in that order.
 */
const t = useTestDatabase();
const AS_OF = '2026-12-08'; // a Tuesday; the sandbox clock starts at 12:00 UTC, 07:00 in New York
const QUICKBOOKS = DEMO_COMPANIES.quickbooks;

let app: DemoApp;
let deps: CadenceDeps;
let organisationId: string;
let larsen: Customer;
let invoice: Invoice;

async function control(path: string, body?: object): Promise<unknown> {
  const response = await fetch(`${app.sandbox.url}/sandbox/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`sandbox ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** What the worker does: a cadence tick for the organisation at the app's clock, then the notes pass. */
async function tick(): Promise<void> {
  await runCadence(deps, { organisationId, now: app.runtime.now() });
  await app.sandbox.world.idle();
  await writePendingNotes(deps, { organisationId, now: app.runtime.now() });
}

const smsTo = (number: string) =>
  app.sandbox.world.received.sms.filter((m) => m.to === number && m.direction === 'outbound-api');
/** The notes QuickBooks holds on an invoice (Attachables), oldest first, from the sandbox's control API. */
const notesOnInvoice = async (invoiceId = invoice.id) =>
  (
    (await control(
      `notes?companyId=${QUICKBOOKS.id}&invoiceId=${encodeURIComponent(invoiceId)}`,
    )) as WrittenNote[]
  ).map((n) => n.text);

beforeAll(async () => {
  app = await startDemoApp(t.url, AS_OF);
  const company = app.sandbox.world.company(QUICKBOOKS.id)!;
  larsen = company.customers.find((c) => c.displayName === 'Larsen & Søn Joinery')!;
  invoice = company.invoices.find((i) => i.customerId === larsen.id)!;
  deps = cadenceDeps(app.runtime, app.runtime.senders);

  organisationId = await connectQuickBooks(app, QUICKBOOKS.id);
  await applyDemoSettings(app.runtime);
  // The consent starts the first full sync in the background; the books are in once it has finished.
  await until(
    () =>
      t.db
        .selectFrom('organisation')
        .select('id')
        .where('id', '=', organisationId)
        .where('full_sync_completed_at', 'is not', null)
        .executeTakeFirst(),
    'the first QuickBooks sync',
  );
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('the day-14 call nobody answers, the SMS instead, STOP, and the day-21 email, as invoice notes', () => {
  it('has synced the demo invoice the scenario follows', async () => {
    expect(larsen).toMatchObject({ mobile: '+12125550102', contactName: 'Björn Larsen' });
    expect(invoice).toMatchObject({ dueDate: '2026-11-23', amountDueCents: 60_000, status: 'open' });
    const local = await t.db
      .selectFrom('invoice')
      .select(['number', 'amount_due', 'due_date', 'status'])
      .where('organisation_id', '=', organisationId)
      .where('external_id', '=', invoice.id)
      .executeTakeFirstOrThrow();
    expect(local).toEqual({
      number: invoice.number,
      amount_due: '600.0000',
      due_date: '2026-11-23',
      status: 'open',
    });
  });

  it('day 14: the call goes unanswered, the status callback arrives, and the fallback SMS goes out', async () => {
    await control('calls/outcome', { number: larsen.mobile, outcome: 'no-answer' });
    // 13:05 in New York is 08:05 in Honolulu: calls and SMS to a US number wait for 08:00 in every US zone.
    await control('clock/advance', { hours: 6, minutes: 5 });
    await tick();

    const calls = app.sandbox.world.received.calls.filter((c) => c.to === larsen.mobile);
    expect(calls).toEqual([
      expect.objectContaining({ from: SANDBOX_TWILIO_FROM, status: 'no-answer', machineDetection: 'Enable' }),
    ]);
    // Twilio's signed status callbacks reached the app's webhook, and it answered them.
    const callbacks = app.sandbox.world.deliveries.filter(
      (d) => d.kind === 'twilio-status' && d.url.startsWith(`${app.url}/webhooks/twilio/status`),
    );
    expect(callbacks.length).toBeGreaterThan(0);
    expect(callbacks.every((d) => d.status === 204)).toBe(true);

    const sms = smsTo(larsen.mobile!);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ from: SANDBOX_TWILIO_FROM, status: 'delivered' });
    expect(sms[0]?.body).toContain(invoice.number);
    expect(sms[0]?.body).toContain('STOP');

    const touchpoint = await t.db
      .selectFrom('touchpoint as t')
      .innerJoin('customer as c', 'c.id', 't.customer_id')
      .select(['t.id', 't.step', 't.status', 't.channels'])
      .where('c.external_id', '=', larsen.id)
      .where('t.organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow();
    expect(touchpoint).toMatchObject({ step: 2, status: 'sent', channels: ['call'] });
    const deliveries = await t.db
      .selectFrom('delivery')
      .select(['channel', 'recipient', 'status'])
      .where('touchpoint_id', '=', touchpoint.id)
      .orderBy('created_at')
      .execute();
    expect(deliveries).toEqual([
      { channel: 'call', recipient: '+12125550102', status: 'no_answer' },
      { channel: 'sms', recipient: '+12125550102', status: 'delivered' },
    ]);

    expect(await notesOnInvoice()).toEqual([
      'Dunwise reminder, step 2: automated call to +1 21 *** 102 (accepted). Amount due 600.00 USD. Outcome: sent.',
      'Dunwise reminder, step 2: automated call to +1 21 *** 102 was not answered; reminder SMS sent instead.',
    ]);
  });

  it('a STOP reply through the sandbox records the opt-out for that number and the sandbox’s sender', async () => {
    await control('sms/reply', { from: larsen.mobile, body: 'STOP' });
    await app.sandbox.world.idle();
    const inbound = app.sandbox.world.deliveries.filter((d) => d.kind === 'twilio-inbound');
    expect(inbound.map((d) => [d.url, d.status])).toEqual([[`${app.url}/webhooks/twilio/sms`, 200]]);
    const optOuts = await t.db
      .selectFrom('opt_out')
      .select(['organisation_id', 'channel', 'address', 'sender', 'source'])
      .where('address', '=', '+12125550102')
      .execute();
    expect(optOuts).toEqual([
      {
        organisation_id: organisationId,
        channel: 'sms',
        address: '+12125550102',
        sender: SANDBOX_TWILIO_FROM,
        source: 'twilio:STOP',
      },
    ]);
  });

  it('day 21: the email goes out, no SMS to that number, and the notes tell the whole story in order', async () => {
    await control('clock/advance', { days: 7 }); // Tuesday 15 Dec, 13:05 in New York: day 22
    const emailsBefore = app.sandbox.world.received.emails.length;
    await tick();

    const emails = app.sandbox.world.received.emails
      .slice(emailsBefore)
      .filter((e) => e.to.includes(larsen.email!));
    expect(emails).toHaveLength(1);
    expect(emails[0]?.text).toContain(invoice.number);
    expect(emails[0]?.text).toContain('600.00');
    expect(smsTo(larsen.mobile!)).toHaveLength(1); // still only the day-14 fallback

    const step3 = await t.db
      .selectFrom('touchpoint as t')
      .innerJoin('customer as c', 'c.id', 't.customer_id')
      .select(['t.id', 't.status', 't.channels'])
      .where('c.external_id', '=', larsen.id)
      .where('t.step', '=', 3)
      .executeTakeFirstOrThrow();
    expect(step3).toMatchObject({ status: 'sent', channels: ['email'] });
    expect(
      await t.db
        .selectFrom('delivery')
        .select(['channel', 'recipient'])
        .where('touchpoint_id', '=', step3.id)
        .execute(),
    ).toEqual([{ channel: 'email', recipient: larsen.email }]);

    // The demo's Hillcrest Bakery shares the number: its own day-14 call (today) rings and goes unanswered too,
    // but the opt-out already took the SMS fallback out of its plan, so no text follows.
    const company = app.sandbox.world.company(QUICKBOOKS.id)!;
    const hillcrest = company.customers.find((c) => c.displayName === 'Hillcrest Bakery')!;
    const hillcrestInvoice = company.invoices.find((i) => i.customerId === hillcrest.id)!;
    expect(hillcrest.mobile).toBe(larsen.mobile);
    expect(app.sandbox.world.received.calls.filter((c) => c.to === larsen.mobile)).toHaveLength(2);
    // Its day-7 email went to an address that bounces: the step's note, then the bounce, both in its history.
    expect((await notesOnInvoice(hillcrestInvoice.id)).slice(1)).toEqual([
      'Dunwise reminder, step 1: the email to b***@hillcrest.example.com bounced (550 5.1.1 The email account that you tried to reach does not exist.).',
      'Dunwise reminder, step 2: automated call to +1 21 *** 102 (accepted). Amount due 88.00 USD. Outcome: sent.',
      'Dunwise reminder, step 2: automated call to +1 21 *** 102 was not answered.',
    ]);

    const masked = `${larsen.email!.slice(0, 1)}***${larsen.email!.slice(larsen.email!.indexOf('@'))}`;
    expect(await notesOnInvoice()).toEqual([
      'Dunwise reminder, step 2: automated call to +1 21 *** 102 (accepted). Amount due 600.00 USD. Outcome: sent.',
      'Dunwise reminder, step 2: automated call to +1 21 *** 102 was not answered; reminder SMS sent instead.',
      'Dunwise: +1 21 *** 102 replied STOP to texts from +1 500 555 0006; no more SMS will be sent to it.',
      `Dunwise reminder, step 3: email to ${masked} (accepted). Amount due 600.00 USD. Outcome: sent.`,
    ]);
  });
});
