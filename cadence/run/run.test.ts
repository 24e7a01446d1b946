import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/db.js';
import { approveTouchpoint, skipTouchpoint } from './approvals.js';
import { claimTouchpoint } from './claim.js';
import { writePendingNotes, NOTE_MAX_ATTEMPTS } from './notes-pass.js';
import { planCustomers, type PlannedCustomer } from './planner.js';
import { runCadence } from './run.js';
import { sendClaimedTouchpoints } from './send.js';
import {
  recordingSenders,
  seedCustomer,
  seedInvoice,
  seedOrganisation,
  sourceConnector,
  testDeps,
} from './test-support/fixtures.js';
import type { SendDecision } from '../policy/index.js';

const t = useTestDatabase();

/** Wall-clock time in Auckland, the seeded organisation's zone. */
const nz = (local: string) => DateTime.fromISO(local, { zone: 'Pacific/Auckland' }).toJSDate();

beforeEach(async () => {
  await t.db.deleteFrom('workspace').execute();
});

describe('runCadence', () => {
  it('sends one message at the day-28 step listing invoices at day 8, 15 and 30', async () => {
    const { org } = await seedOrganisation(t.db);
    const customer = await seedCustomer(t.db, org.id);
    // Tuesday 8 Dec 2026: due 30 Nov is day 8, 23 Nov day 15, 8 Nov day 30.
    await seedInvoice(t.db, customer, { number: 'INV-8', dueDate: '2026-11-30', amountDue: '100.00' });
    await seedInvoice(t.db, customer, { number: 'INV-15', dueDate: '2026-11-23', amountDue: '250.50' });
    await seedInvoice(t.db, customer, { number: 'INV-30', dueDate: '2026-11-08', amountDue: '1000.00' });
    const source = sourceConnector(t.db);
    const rec = recordingSenders();

    const summary = await runCadence(testDeps(t.db, source.connector, rec.senders), {
      now: nz('2026-12-08T10:00'),
    });

    expect(summary.claimed).toBe(1);
    expect(rec.sent).toHaveLength(1);
    expect(rec.sent[0]?.channel).toBe('call');
    expect(rec.sent[0]?.to).toBe('+64215550567');
    const touchpoint = await t.db.selectFrom('touchpoint').selectAll().executeTakeFirstOrThrow();
    expect(touchpoint).toMatchObject({ step: 4, status: 'sent', tone: 'serious', local_date: '2026-12-08' });
    const covered = await t.db
      .selectFrom('touchpoint_invoice as ti')
      .innerJoin('invoice as i', 'i.id', 'ti.invoice_id')
      .select(['i.number', 'ti.step', 'ti.amount_due'])
      .orderBy('i.number')
      .execute();
    expect(covered).toEqual([
      { number: 'INV-15', step: 2, amount_due: '250.5000' },
      { number: 'INV-30', step: 4, amount_due: '1000.0000' },
      { number: 'INV-8', step: 1, amount_due: '100.0000' },
    ]);
    const notes = await t.db.selectFrom('note').select(['body', 'status']).execute();
    expect(notes).toHaveLength(3);
    expect(notes.map((n) => n.body).join('\n')).toContain('automated call to +64 21 *** 567 (accepted)');
    expect(notes.map((n) => n.body).join('\n')).toContain('Amount due 250.50 NZD');
  });

  it('fired every minute for an hour, then daily for a week, sends step 1 once and nothing else until day 14 (B20)', async () => {
    const { org } = await seedOrganisation(t.db);
    const customer = await seedCustomer(t.db, org.id);
    await seedInvoice(t.db, customer, { number: 'INV-1', dueDate: '2026-11-30' }); // day 7 on Mon 7 Dec
    const source = sourceConnector(t.db);
    const rec = recordingSenders();
    const deps = testDeps(t.db, source.connector, rec.senders);
    for (let minute = 0; minute < 60; minute++) {
      await runCadence(deps, { now: new Date(nz('2026-12-07T09:00').getTime() + minute * 60_000) });
    }
    expect(rec.sent.map((s) => s.channel)).toEqual(['email']);
    for (let day = 1; day <= 6; day++) {
      await runCadence(deps, { now: nz(`2026-12-${String(7 + day).padStart(2, '0')}T10:00`) });
    }
    expect(rec.sent.map((s) => s.channel)).toEqual(['email']);
    await runCadence(deps, { now: nz('2026-12-14T10:00') });
    expect(rec.sent.map((s) => s.channel)).toEqual(['email', 'call']);
    expect(await t.db.selectFrom('note').select('id').execute()).toHaveLength(2);
  });

  it('stops the message when a payment arrives between planning and sending', async () => {
    const { org } = await seedOrganisation(t.db);
    const customer = await seedCustomer(t.db, org.id);
    const invoice = await seedInvoice(t.db, customer, { number: 'INV-9', dueDate: '2026-11-30' });
    const source = sourceConnector(t.db);
    const rec = recordingSenders();
    const deps = testDeps(t.db, source.connector, rec.senders);
    const now = nz('2026-12-07T10:00');

    const planned: PlannedCustomer[] = [];
    await planCustomers(t.db, { at: { instant: now } }, (batch) =>
      Promise.resolve(void planned.push(...batch)),
    );
    expect(planned.map((p) => p.decision.kind)).toEqual(['send']);
    expect(
      await claimTouchpoint(t.db, planned[0] as PlannedCustomer & { decision: SendDecision }, 'w1'),
    ).not.toBeNull();
    source.payAtSource(invoice.external_id);
    await sendClaimedTouchpoints(deps, { now });

    expect(rec.sent).toHaveLength(0);
    const touchpoint = await t.db.selectFrom('touchpoint').selectAll().executeTakeFirstOrThrow();
    expect(touchpoint.status).toBe('cancelled');
    expect(touchpoint.detail).toBe('nothing left to chase: INV-9 paid');
    const local = await t.db.selectFrom('invoice').select(['status', 'amount_due']).executeTakeFirstOrThrow();
    expect(local).toEqual({ status: 'paid', amount_due: '0.0000' });
    expect(await t.db.selectFrom('note').select('id').execute()).toHaveLength(0);
  });

  it('drops a paid invoice from a grouped message and sends the rest with the amount the source gives', async () => {
    const { org } = await seedOrganisation(t.db);
    const customer = await seedCustomer(t.db, org.id);
    const paid = await seedInvoice(t.db, customer, { number: 'INV-A', dueDate: '2026-11-30' });
    await seedInvoice(t.db, customer, { number: 'INV-B', dueDate: '2026-11-29', amountDue: '600.00' });
    const source = sourceConnector(t.db);
    source.payAtSource(paid.external_id);
    const rec = recordingSenders();
    await runCadence(testDeps(t.db, source.connector, rec.senders), { now: nz('2026-12-07T10:00') });
    expect(rec.sent).toHaveLength(1);
    const email = rec.sent[0]?.message.rendered as { text: string };
    expect(email.text).toContain('INV-B');
    expect(email.text).not.toContain('INV-A');
    const notes = await t.db.selectFrom('note').select('invoice_id').execute();
    expect(notes.map((n) => n.invoice_id)).not.toContain(paid.id);
    expect(notes).toHaveLength(1);
  });
});

describe('approve-first', () => {
  it('queues the touchpoint with a preview, sends nothing, then sends the approved (edited) message', async () => {
    const { org } = await seedOrganisation(t.db, { settings: { mode: 'approve_first' } });
    const customer = await seedCustomer(t.db, org.id);
    await seedInvoice(t.db, customer, { number: 'INV-Q', dueDate: '2026-11-30' });
    const user = await t.db
      .insertInto('app_user')
      .values({ email: 'owner@otautahi.example', password_hash: null, name: 'Owner', locale: 'en' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const source = sourceConnector(t.db);
    const rec = recordingSenders();
    const deps = testDeps(t.db, source.connector, rec.senders);

    const first = await runCadence(deps, { now: nz('2026-12-07T10:00') });
    expect(first.queued).toBe(1);
    expect(rec.sent).toHaveLength(0);
    const queued = await t.db.selectFrom('touchpoint').selectAll().executeTakeFirstOrThrow();
    expect(queued.status).toBe('awaiting_approval');
    expect((queued.preview as { rendered: { email: { subject: string } } }).rendered.email.subject).toContain(
      'INV-Q',
    );

    await runCadence(deps, { now: nz('2026-12-08T10:00') });
    expect(rec.sent).toHaveLength(0);

    const approved = await approveTouchpoint(
      t.db,
      queued.id,
      user.id,
      { email: { subject: 'About invoice {{ invoices[0].number }}' } },
      nz('2026-12-08T11:00'),
    );
    expect(approved).toEqual({ ok: true });
    await runCadence(deps, { now: nz('2026-12-08T11:05') });
    expect(rec.sent).toHaveLength(1);
    expect((rec.sent[0]?.message.rendered as { subject: string }).subject).toBe('About invoice INV-Q');
    expect(await skipTouchpoint(t.db, queued.id, user.id, nz('2026-12-08T12:00'))).toEqual({
      ok: false,
      reason: 'not_awaiting_approval',
    });
  });

  it('a skipped touchpoint is never sent and its step is not proposed again', async () => {
    const { org } = await seedOrganisation(t.db, { settings: { mode: 'approve_first' } });
    const customer = await seedCustomer(t.db, org.id);
    await seedInvoice(t.db, customer, { number: 'INV-S', dueDate: '2026-11-30' });
    const user = await t.db
      .insertInto('app_user')
      .values({ email: 'owner2@otautahi.example', password_hash: null, name: null, locale: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rec = recordingSenders();
    const deps = testDeps(t.db, sourceConnector(t.db).connector, rec.senders);
    await runCadence(deps, { now: nz('2026-12-07T10:00') });
    const queued = await t.db.selectFrom('touchpoint').select('id').executeTakeFirstOrThrow();
    expect(await skipTouchpoint(t.db, queued.id, user.id, nz('2026-12-07T11:00'))).toEqual({ ok: true });
    await runCadence(deps, { now: nz('2026-12-09T10:00') });
    expect(rec.sent).toHaveLength(0);
    const rows = await t.db.selectFrom('touchpoint').select(['status']).execute();
    expect(rows).toEqual([{ status: 'skipped' }]);
  });
});

describe('notes write-back', () => {
  it('retries with backoff, writes each note once, and gives up after the maximum attempts', async () => {
    const { org } = await seedOrganisation(t.db);
    const customer = await seedCustomer(t.db, org.id);
    await seedInvoice(t.db, customer, { number: 'INV-N', dueDate: '2026-11-30' });
    const source = sourceConnector(t.db);
    const rec = recordingSenders();
    const deps = testDeps(t.db, source.connector, rec.senders);
    const now = nz('2026-12-07T10:00');
    await runCadence(deps, { now });

    source.failNextNotes(1);
    expect(await writePendingNotes(deps, { now })).toEqual({ written: 0, retrying: 1, failed: 0 });
    const pending = await t.db.selectFrom('note').selectAll().executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 503 from the books' });
    expect(pending.next_attempt_at?.getTime()).toBe(now.getTime() + 60_000);
    // Not due yet: nothing happens.
    expect(await writePendingNotes(deps, { now })).toEqual({ written: 0, retrying: 0, failed: 0 });

    const later = new Date(now.getTime() + 60_000);
    expect(await writePendingNotes(deps, { now: later })).toEqual({ written: 1, retrying: 0, failed: 0 });
    expect(await writePendingNotes(deps, { now: new Date(later.getTime() + 3_600_000) })).toEqual({
      written: 0,
      retrying: 0,
      failed: 0,
    });
    expect(source.notes).toHaveLength(1);
    expect(source.notes[0]?.text).toMatch(
      /^Dunwise reminder, step 1: email to j\*\*\*@kowhai\.example \(accepted\)/,
    );

    // A second touchpoint's note that never gets through is given up, not retried forever.
    await seedInvoice(t.db, customer, { number: 'INV-M', dueDate: '2026-11-23' });
    await runCadence(deps, { now: nz('2026-12-14T10:00') });
    source.failNextNotes(100);
    let at = nz('2026-12-14T10:00');
    for (let i = 0; i < NOTE_MAX_ATTEMPTS + 2; i++) {
      await writePendingNotes(deps, { now: at });
      at = new Date(at.getTime() + 24 * 3_600_000);
    }
    const statuses = await t.db
      .selectFrom('note')
      .select(['status', 'attempts'])
      .orderBy('created_at')
      .execute();
    expect(statuses.filter((s) => s.status === 'failed').every((s) => s.attempts === NOTE_MAX_ATTEMPTS)).toBe(
      true,
    );
    expect(statuses.filter((s) => s.status === 'failed').length).toBeGreaterThan(0);
    // The touchpoints themselves are untouched by the failed write-back.
    const touchpoints = await t.db.selectFrom('touchpoint').select('status').execute();
    expect(touchpoints.every((x) => x.status === 'sent')).toBe(true);
  });
});
