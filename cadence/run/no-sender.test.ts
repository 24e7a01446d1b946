import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/db.js';
import type { ChannelSenders } from '../channels/types.js';
import { approveTouchpoint } from './approvals.js';
import { runCadence } from './run.js';
import {
  recordingSenders,
  seedCustomer,
  seedInvoice,
  seedOrganisation,
  sourceConnector,
  testDeps,
} from './test-support/fixtures.js';

/**
 * A channel whose provider is not configured in this process has no sender. The policy already treats a channel
 * without a sender number as unusable (`no_sender_number`); the runner agrees: such a channel is planned around
 * and skipped — never a failed delivery, and never a step used up for nothing.
 */
const t = useTestDatabase();
const nz = (local: string) => DateTime.fromISO(local, { zone: 'Pacific/Auckland' }).toJSDate();

beforeEach(async () => {
  await t.db.deleteFrom('workspace').execute();
});

function without(senders: ChannelSenders, ...missing: (keyof ChannelSenders)[]): ChannelSenders {
  const copy = { ...senders };
  for (const channel of missing) delete copy[channel];
  return copy;
}

async function deliveries() {
  return t.db.selectFrom('delivery').select(['channel', 'recipient', 'status']).orderBy('channel').execute();
}

describe('a channel without a sender', () => {
  it('day 21 (email + SMS) with no SMS sender goes out by email only, and no SMS failure is recorded', async () => {
    const { org } = await seedOrganisation(t.db);
    const customer = await seedCustomer(t.db, org.id);
    await seedInvoice(t.db, customer, { number: 'INV-21', dueDate: '2026-11-17', amountDue: '640.00' });
    const rec = recordingSenders();
    const deps = testDeps(t.db, sourceConnector(t.db).connector, without(rec.senders, 'sms'));

    await runCadence(deps, { now: nz('2026-12-08T10:00') });

    expect(rec.sent.map((s) => [s.channel, s.to])).toEqual([['email', 'jo@kowhai.example']]);
    expect(await deliveries()).toEqual([
      { channel: 'email', recipient: 'jo@kowhai.example', status: 'accepted' },
    ]);
    const touchpoint = await t.db
      .selectFrom('touchpoint')
      .select(['step', 'status', 'channels'])
      .executeTakeFirstOrThrow();
    expect(touchpoint).toEqual({ step: 3, status: 'sent', channels: ['email'] });
    const note = await t.db.selectFrom('note').select('body').executeTakeFirstOrThrow();
    expect(note.body).toBe(
      'Dunwise reminder, step 3: email to j***@kowhai.example (accepted). Amount due 640.00 NZD. Outcome: sent.',
    );
  });

  it('day 14 with no call sender: the SMS fallback takes the call’s place, as the policy says', async () => {
    const { org } = await seedOrganisation(t.db);
    const customer = await seedCustomer(t.db, org.id);
    await seedInvoice(t.db, customer, { number: 'INV-14', dueDate: '2026-11-24' });
    const rec = recordingSenders();
    const deps = testDeps(t.db, sourceConnector(t.db).connector, without(rec.senders, 'call'));

    await runCadence(deps, { now: nz('2026-12-08T10:00') });

    expect(rec.sent.map((s) => [s.channel, s.to])).toEqual([['sms', '+64215550567']]);
    expect(await deliveries()).toEqual([{ channel: 'sms', recipient: '+64215550567', status: 'accepted' }]);
  });

  it('an approved touchpoint whose senders went away is skipped, its step left free, and sent once they return', async () => {
    const { org } = await seedOrganisation(t.db, { settings: { mode: 'approve_first' } });
    const customer = await seedCustomer(t.db, org.id);
    await seedInvoice(t.db, customer, { number: 'INV-A', dueDate: '2026-11-17' });
    const user = await t.db
      .insertInto('app_user')
      .values({ email: 'owner@otautahi.example', password_hash: null, name: 'Owner', locale: 'en' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const source = sourceConnector(t.db);
    const rec = recordingSenders();
    await runCadence(testDeps(t.db, source.connector, rec.senders), { now: nz('2026-12-08T10:00') });
    const queued = await t.db.selectFrom('touchpoint').select(['id', 'channels']).executeTakeFirstOrThrow();
    expect(queued.channels).toEqual(['email', 'sms']);
    expect(await approveTouchpoint(t.db, queued.id, user.id, {}, nz('2026-12-08T10:30'))).toEqual({
      ok: true,
    });

    // Neither provider is configured when it is sent: nothing recorded, nothing used up.
    const bare = testDeps(t.db, source.connector, without(rec.senders, 'email', 'sms'));
    await runCadence(bare, { now: nz('2026-12-08T10:35') });
    expect(rec.sent).toEqual([]);
    expect(await deliveries()).toEqual([]);
    const cancelled = await t.db
      .selectFrom('touchpoint')
      .select(['status', 'detail'])
      .where('id', '=', queued.id)
      .executeTakeFirstOrThrow();
    expect(cancelled).toEqual({ status: 'cancelled', detail: 'not sent: no email, sms sender configured' });
    expect(
      await t.db
        .selectFrom('touchpoint_invoice')
        .select('invoice_id')
        .where('touchpoint_id', '=', queued.id)
        .execute(),
    ).toEqual([]);
    expect(await t.db.selectFrom('note').select('id').execute()).toEqual([]);

    // With email back, the same step is proposed again the next day (one touchpoint per customer and day);
    // approved, it goes out by email.
    const emailOnly = testDeps(t.db, source.connector, without(rec.senders, 'sms'));
    await runCadence(emailOnly, { now: nz('2026-12-09T10:00') });
    const again = await t.db
      .selectFrom('touchpoint')
      .select(['id', 'step', 'status', 'channels'])
      .where('id', '!=', queued.id)
      .executeTakeFirstOrThrow();
    expect(again).toMatchObject({ step: 3, status: 'awaiting_approval', channels: ['email'] });
    await approveTouchpoint(t.db, again.id, user.id, {}, nz('2026-12-09T10:05'));
    await runCadence(emailOnly, { now: nz('2026-12-09T10:10') });
    expect(rec.sent.map((s) => s.channel)).toEqual(['email']);
    expect(await deliveries()).toEqual([
      { channel: 'email', recipient: 'jo@kowhai.example', status: 'accepted' },
    ]);
  });

  it('a touchpoint planned with SMS, sent where only the SMS sender is missing, skips SMS and says so', async () => {
    const { org } = await seedOrganisation(t.db, { settings: { mode: 'approve_first' } });
    const customer = await seedCustomer(t.db, org.id);
    await seedInvoice(t.db, customer, { number: 'INV-P', dueDate: '2026-11-17' });
    const user = await t.db
      .insertInto('app_user')
      .values({ email: 'owner3@otautahi.example', password_hash: null, name: null, locale: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const source = sourceConnector(t.db);
    const rec = recordingSenders();
    await runCadence(testDeps(t.db, source.connector, rec.senders), { now: nz('2026-12-08T10:00') });
    const queued = await t.db.selectFrom('touchpoint').select('id').executeTakeFirstOrThrow();
    await approveTouchpoint(t.db, queued.id, user.id, {}, nz('2026-12-08T10:30'));

    await runCadence(testDeps(t.db, source.connector, without(rec.senders, 'sms')), {
      now: nz('2026-12-08T10:35'),
    });

    expect(rec.sent.map((s) => s.channel)).toEqual(['email']);
    expect(await deliveries()).toEqual([
      { channel: 'email', recipient: 'jo@kowhai.example', status: 'accepted' },
    ]);
    const sent = await t.db
      .selectFrom('touchpoint')
      .select(['status', 'detail'])
      .where('id', '=', queued.id)
      .executeTakeFirstOrThrow();
    expect(sent).toEqual({ status: 'sent', detail: 'skipped: sms (no sender configured)' });
  });
});
