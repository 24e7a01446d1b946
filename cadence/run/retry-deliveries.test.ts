import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/db.js';
import type { SendOutcome } from '../channels/types.js';
import { retryFailedDeliveries } from './retry-deliveries.js';
import { runCadence } from './run.js';
import {
  recordingSenders,
  seedCustomer,
  seedInvoice,
  seedOrganisation,
  sourceConnector,
  testDeps,
} from './test-support/fixtures.js';

const t = useTestDatabase();
const nz = (local: string) => DateTime.fromISO(local, { zone: 'Pacific/Auckland' }).toJSDate();
const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

beforeEach(async () => {
  await t.db.deleteFrom('workspace').execute();
});

const outage: SendOutcome = {
  status: 'failed',
  permanent: false,
  code: 'sendgrid_503',
  message: 'Service Unavailable',
  retryAfterMs: 5 * 60_000,
};

/** Day 7 of INV-1 (due 30 Nov) is Monday 7 Dec: an email step, sent at 09:00 Auckland. */
async function scene(answers: SendOutcome[]) {
  const { org } = await seedOrganisation(t.db);
  const customer = await seedCustomer(t.db, org.id);
  const invoice = await seedInvoice(t.db, customer, {
    number: 'INV-1',
    dueDate: '2026-11-30',
    amountDue: '480.00',
  });
  const rec = recordingSenders(
    (m) => answers.shift() ?? { status: 'accepted', providerId: `sg-${m.deliveryId}` },
  );
  const clock = { now: nz('2026-12-07T09:00') };
  const deps = { ...testDeps(t.db, sourceConnector(t.db).connector, rec.senders), now: () => clock.now };
  await runCadence(deps, { now: clock.now });
  const delivery = () => t.db.selectFrom('delivery').selectAll().executeTakeFirstOrThrow();
  const touchpoint = () => t.db.selectFrom('touchpoint').selectAll().executeTakeFirstOrThrow();
  return { rec, clock, deps, delivery, touchpoint, invoice, start: clock.now };
}

describe('retrying deliveries that failed transiently', () => {
  it('waits for the provider’s delay, then sends once on the same delivery and notes it on the invoice', async () => {
    const s = await scene([outage]);
    expect(s.rec.sent).toHaveLength(1);
    expect((await s.touchpoint()).status).toBe('failed');
    const failed = await s.delivery();
    expect([failed.status, failed.attempts, failed.next_attempt_at]).toEqual([
      'failed',
      1,
      minutes(s.start, 5),
    ]);

    expect(await retryFailedDeliveries(s.deps, { now: minutes(s.start, 4) })).toEqual({
      retried: 0,
      abandoned: 0,
    });
    s.clock.now = minutes(s.start, 5);
    expect(await retryFailedDeliveries(s.deps, { now: s.clock.now })).toEqual({ retried: 1, abandoned: 0 });
    expect(await retryFailedDeliveries(s.deps, { now: minutes(s.start, 60) })).toEqual({
      retried: 0,
      abandoned: 0,
    });

    expect(s.rec.sent.map((m) => [m.channel, m.to])).toEqual([
      ['email', 'jo@kowhai.example'],
      ['email', 'jo@kowhai.example'],
    ]);
    const sent = await s.delivery();
    expect([sent.status, sent.attempts, sent.error_code, sent.provider_id]).toEqual([
      'accepted',
      2,
      null,
      `sg-${sent.id}`,
    ]);
    // Each attempt opens with 'sending' in the history, so the page can show the two apart.
    expect((sent.status_history as { status: string }[]).map((e) => e.status)).toEqual([
      'sending',
      'failed',
      'sending',
      'accepted',
    ]);
    expect((await s.touchpoint()).status).toBe('sent');
    const notes = await t.db.selectFrom('note').select('body').execute();
    expect(notes.map((n) => n.body)).toContain(
      'Dunwise reminder, step 1: email to j***@kowhai.example sent on retry, after a provider error.',
    );
  });

  it('doubles the wait after each failed retry and gives up after the last attempt', async () => {
    const s = await scene([outage, outage, outage, outage, outage, outage, outage]);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const next = (await s.delivery()).next_attempt_at;
      if (next === null) break;
      waits.push((next.getTime() - s.clock.now.getTime()) / 60_000);
      s.clock.now = next;
      await retryFailedDeliveries(s.deps, { now: next });
    }
    expect(waits).toEqual([5, 10, 20, 40, 80, 160]);
    const last = await s.delivery();
    expect([last.status, last.attempts, last.error_message]).toEqual([
      'failed',
      6,
      'not retried: 6 attempts',
    ]);
    expect(s.rec.sent).toHaveLength(6);
  });

  it('never retries once the invoice is paid meanwhile', async () => {
    const s = await scene([outage]);
    await t.db
      .updateTable('invoice')
      .set({ status: 'paid', amount_due: '0' })
      .where('id', '=', s.invoice.id)
      .execute();
    s.clock.now = minutes(s.start, 5);
    expect(await retryFailedDeliveries(s.deps, { now: s.clock.now })).toEqual({ retried: 0, abandoned: 1 });
    expect(s.rec.sent).toHaveLength(1);
    expect((await s.delivery()).error_message).toBe('not retried: paid or voided meanwhile');
  });
});
