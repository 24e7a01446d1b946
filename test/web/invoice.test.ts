import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveSettings } from '../../cadence/run/index.js';
import { planReport, type PlanRow } from '../../cadence/run/plan-report.js';
import { defaultCadenceSettings } from '../../cadence/settings/index.js';
import { useTestDatabase } from '../db.js';
import type { TestBrowser } from '../http.js';
import { NOW, seedWorkspace, signedIn, startPages } from './harness.js';

const t = useTestDatabase();
let server: { url: string; close: () => Promise<void> };
let mine: Awaited<ReturnType<typeof seedWorkspace>>;
let theirs: Awaited<ReturnType<typeof seedWorkspace>>;
let browser: TestBrowser;
const ids: Record<string, string> = {};

/** Text of the page without tags and with collapsed spaces: what a person reads. */
const readable = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The `<section id="…">` of a page, as text. */
const section = (html: string, id: string) =>
  readable(new RegExp(`<section class="card" id="${id}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '');

beforeAll(async () => {
  server = await startPages(t.db, t.pool);
  mine = await seedWorkspace(t.db, 'mine@example.com');
  theirs = await seedWorkspace(t.db, 'theirs@example.com');
  const org = mine.org.id;
  for (const row of await t.db.selectFrom('invoice').select(['id', 'number', 'organisation_id']).execute())
    ids[`${row.organisation_id === org ? 'mine' : 'theirs'}:${row.number}`] = row.id;
  const inv1 = ids['mine:INV-1']!;

  // INV-1 (1234.56 USD, due 12 Nov) was partly paid; the customer has credit on account.
  await t.db
    .updateTable('invoice')
    .set({ amount_due: '1000.00', issue_date: '2026-10-13' })
    .where('id', '=', inv1)
    .execute();
  await t.db
    .insertInto('payment')
    .values({
      organisation_id: org,
      external_id: 'PMT-7',
      customer_external_id: 'C1',
      currency: 'USD',
      amount: '234.56',
      paid_on: '2026-11-20',
      invoice_external_ids: ['INV-1'],
    })
    .execute();
  await t.db
    .insertInto('credit')
    .values({
      organisation_id: org,
      external_id: 'CM-3',
      kind: 'credit_memo',
      customer_external_id: 'C1',
      currency: 'USD',
      total: '80.00',
      remaining: '50.00',
      issued_on: '2026-11-01',
    })
    .execute();
  await t.db
    .insertInto('contact')
    .values({
      organisation_id: org,
      customer_id: mine.customer.id,
      kind: 'phone',
      value: '+12125550142',
      phone_type: 'mobile',
    })
    .execute();

  // Step 1 by email on 19 Nov and step 2 by SMS on 26 Nov, 09:00 in New York (14:00 UTC).
  const touchpoint = async (step: number, day: string, channel: 'email' | 'sms', recipient: string) => {
    const tp = await t.db
      .insertInto('touchpoint')
      .values({
        organisation_id: org,
        customer_id: mine.customer.id,
        step,
        local_date: day,
        planned_at: `${day}T14:00:00Z`,
        sent_at: `${day}T14:02:00Z`,
        status: 'sent',
        tone: 'helpful',
        language: 'en',
        channels: [channel],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('touchpoint_invoice')
      .values({
        touchpoint_id: tp.id,
        invoice_id: inv1,
        organisation_id: org,
        step,
        amount_due: '1000.00',
        currency: 'USD',
      })
      .execute();
    await t.db
      .insertInto('delivery')
      .values({
        organisation_id: org,
        touchpoint_id: tp.id,
        channel,
        recipient,
        status: 'delivered',
        status_history: JSON.stringify([
          { at: `${day}T14:02:00Z`, status: 'sending', source: 'dunwise' },
          { at: `${day}T14:03:00Z`, status: 'delivered', source: channel === 'sms' ? 'twilio' : 'sendgrid' },
        ]),
      })
      .execute();
    return tp.id;
  };
  const first = await touchpoint(1, '2026-11-19', 'email', 'ap@aebelo.example');
  const second = await touchpoint(2, '2026-11-26', 'sms', '+12125550142');
  await t.db
    .insertInto('note')
    .values([
      {
        organisation_id: org,
        invoice_id: inv1,
        touchpoint_id: first,
        idempotency_key: 'n1',
        body: 'Dunwise: friendly reminder emailed to ap@aebelo.example',
        status: 'written',
        written_at: '2026-11-19T14:07:00Z',
        attempts: 1,
      },
      {
        organisation_id: org,
        invoice_id: inv1,
        touchpoint_id: second,
        idempotency_key: 'n2',
        body: 'Dunwise: SMS reminder sent',
        status: 'failed',
        attempts: 5,
        last_error: 'QuickBooks said: stale object',
      },
    ])
    .execute();
  // The default cadence with sender numbers set: autopilot on.
  const settings = defaultCadenceSettings({
    timeZone: 'America/New_York',
    country: 'US',
    smsFrom: '+12025550100',
    callerNumber: '+12025550101',
  });
  await saveSettings(t.db, org, settings, null, NOW);
  browser = await signedIn(server.url, 'mine@example.com');
});
afterAll(() => server.close());

describe('invoice page', () => {
  it('is linked from the organisation’s overdue invoices', async () => {
    const dashboard = await browser.get(`/orgs/${mine.org.id}`);
    expect(dashboard.text).toContain(`href="/orgs/${mine.org.id}/invoices/${ids['mine:INV-1']}"`);
  });

  it('shows the invoice, its payments and the credit on account', async () => {
    const page = await browser.get(`/orgs/${mine.org.id}/invoices/${ids['mine:INV-1']}`);
    expect(page.status).toBe(200);
    expect(readable(page.text)).toContain('Invoice INV-1 Open');
    const facts = section(page.text, 'facts');
    expect(facts).toContain('Customer Æbelø Design ApS');
    expect(facts).toContain('Issued 2026-10-13');
    expect(facts).toContain('Due 2026-11-12');
    expect(facts).toContain('Total 1,234.56 USD');
    expect(facts).toContain('Amount due 1,000.00 USD');
    expect(facts).toContain('Days overdue 21');
    const money = section(page.text, 'payments');
    expect(money).toContain('2026-11-20 PMT-7 234.56 USD');
    expect(money).toContain('Credit memo CM-3 80.00 USD 50.00 USD');
  });

  it('shows each touchpoint with its deliveries in the organisation’s zone, and the notes written back', async () => {
    const page = await browser.get(`/orgs/${mine.org.id}/invoices/${ids['mine:INV-1']}`);
    const timeline = section(page.text, 'timeline');
    expect(timeline).toMatch(/Step 1 · Email sent scheduled 2026-11-19 09:00 · sent 2026-11-19 09:02/);
    expect(timeline).toContain('Email ap@aebelo.example delivered');
    expect(timeline).toMatch(/Step 2 · SMS sent scheduled 2026-11-26 09:00/);
    expect(timeline).toContain('SMS +1 212 555 0142 delivered');
    expect(timeline).toContain('2026-11-26 09:02 sending → 2026-11-26 09:03 delivered');
    const notes = section(page.text, 'notes');
    expect(notes).toContain('Dunwise: friendly reminder emailed to ap@aebelo.example');
    expect(notes).toContain('Written 2026-11-19 09:07');
    expect(notes).toContain('Failed after 5 attempts QuickBooks said: stale object');
  });

  it('says what happens next in the cadence’s own words (as `dunwise plan` does)', async () => {
    const rows: PlanRow[] = [];
    await planReport(t.db, { organisationId: mine.org.id, at: { instant: NOW } }, (batch) => {
      rows.push(...batch);
      return Promise.resolve();
    });
    const planned = rows.find((r) => r.customer.external_id === 'C1');
    expect(planned?.explanation).toBeTruthy();
    const page = await browser.get(`/orgs/${mine.org.id}/invoices/${ids['mine:INV-1']}`);
    const next = section(page.text, 'next');
    expect(next).toContain('For Æbelø Design ApS, all of their overdue invoices together:');
    expect(next).toContain(readable(planned!.explanation).trim());
    // The customer's 50.00 credit on account (CM-3) must be applied before anyone is chased.
    expect(next).toContain('held: apply the 50.00 USD credit first');

    const notDue = await browser.get(`/orgs/${mine.org.id}/invoices/${ids['mine:INV-3']}`);
    expect(section(notDue.text, 'next')).toContain(
      'Not overdue yet: due on 2026-12-31. Follow-up starts after that date.',
    );
    expect(section(notDue.text, 'timeline')).toContain('No reminder has covered this invoice yet.');
  });

  it('speaks French', async () => {
    await browser.post('/locale', { locale: 'fr' }, { csrfFrom: '/' });
    try {
      const page = await browser.get(`/orgs/${mine.org.id}/invoices/${ids['mine:INV-1']}`);
      const timeline = section(page.text, 'timeline');
      expect(timeline).toContain('Relances jusqu’ici');
      // Statuses and channels in words, not the database's codes.
      expect(timeline).toMatch(/Étape 1 · E-mail envoyé/);
      expect(timeline).toContain('SMS +1 212 555 0142 remis');
      expect(timeline).toContain('2026-11-26 09:02 en cours d’envoi → 2026-11-26 09:03 remis');
      expect(section(page.text, 'facts')).toContain('Reste dû 1 000,00 USD');
    } finally {
      await browser.post('/locale', { locale: 'en' }, { csrfFrom: '/' });
    }
  });

  it('is 404 for another workspace’s invoice, another organisation’s invoice and malformed ids', async () => {
    const paths = [
      `/orgs/${theirs.org.id}/invoices/${ids['theirs:INV-1']}`,
      `/orgs/${mine.org.id}/invoices/${ids['theirs:INV-1']}`,
      `/orgs/${theirs.org.id}/invoices/${ids['mine:INV-1']}`,
      `/orgs/${mine.org.id}/invoices/not-a-uuid`,
    ];
    for (const path of paths) {
      const response = await browser.get(path);
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.text).not.toContain('INV-1');
    }
  });

  it('counts the invoice at the last step that reached the customer on the portfolio', async () => {
    // Step 3 is waiting for approval: it has not reached anyone, so INV-1 is still at step 2.
    const waiting = await t.db
      .insertInto('touchpoint')
      .values({
        organisation_id: mine.org.id,
        customer_id: mine.customer.id,
        step: 3,
        local_date: '2026-12-03',
        planned_at: '2026-12-03T14:00:00Z',
        status: 'awaiting_approval',
        tone: 'professional',
        language: 'en',
        channels: ['email'],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('touchpoint_invoice')
      .values({
        touchpoint_id: waiting.id,
        invoice_id: ids['mine:INV-1']!,
        organisation_id: mine.org.id,
        step: 3,
        amount_due: '1000.00',
        currency: 'USD',
      })
      .execute();
    const home = readable((await browser.get('/')).text);
    expect(home).toContain('Step 2: 1');
    expect(home).toContain('Step 0: 1'); // INV-2, never contacted
    expect(home).not.toContain('Step 3:');
  });
});
