import { describe, expect, it } from 'vitest';
import { buildWorkspace } from '../../../test/factories.js';
import { channelDb } from '../db.js';
import { buildScene, deliveryRow, sendAsRunner, useChannelHarness } from '../test-harness.js';
import { listOpenCallTasks, recordCallTaskOutcome, type CallTaskResult } from './outcome.js';

const h = useChannelHarness();
const NOW = new Date('2026-12-03T16:00:00Z');

async function personId(): Promise<string> {
  await buildWorkspace(h.db);
  const user = await h.db
    .insertInto('app_user')
    .values({ email: `ops-${Math.random().toString(36).slice(2)}@harbour.example.com` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return user.id;
}

async function taskScene() {
  const scene = await buildScene(h.db, { phone: '(212) 555-0142', email: 'ap@customer.example.com' });
  const { deliveryId, outcome } = await sendAsRunner(h, scene, 'call_task', '+12125550142');
  if (outcome.status !== 'task_created') throw new Error(`expected a task, got ${outcome.status}`);
  return { ...scene, deliveryId, taskId: outcome.taskId };
}

async function invoice(id: string) {
  return h.db
    .selectFrom('invoice')
    .select(['disputed', 'promise_to_pay_until'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('call tasks', () => {
  it('creates one task per touchpoint with the script, E.164 numbers and the invoices as they are', async () => {
    const scene = await taskScene();
    const task = await channelDb(h.db)
      .selectFrom('call_task')
      .selectAll()
      .where('id', '=', scene.taskId)
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({
      status: 'open',
      outcome: null,
      customer_id: scene.customerId,
      delivery_id: scene.deliveryId,
      script: 'Hello, this is [your name] from Harbour Plumbing. May I speak to Zoë?',
      numbers: [{ number: '+12125550142', type: null, name: 'Zoë' }],
      invoices: [
        {
          invoiceId: scene.invoiceId,
          number: 'INV-1042',
          amountDue: '1234.5600',
          currency: 'USD',
          dueDate: '2026-11-19',
        },
      ],
    });
    expect((await deliveryRow(h.db, scene.deliveryId)).status).toBe('task_created');
    const again = await h.senders.call_task!.send({
      organisationId: scene.organisationId,
      touchpointId: scene.touchpointId,
      deliveryId: scene.deliveryId,
      customerId: scene.customerId,
      channel: 'call_task',
      to: '+12125550142',
      sender: { name: 'Harbour Plumbing', replyTo: null, phone: null, businessPhone: null },
      language: 'en',
      rendered: { script: 'x' },
    });
    expect(again).toEqual({ status: 'task_created', taskId: scene.taskId });
    expect((await listOpenCallTasks(h.db, scene.organisationId)).map((t) => t.id)).toEqual([scene.taskId]);
  });

  it('promise to pay pauses the invoices until the date', async () => {
    const scene = await taskScene();
    const result: CallTaskResult = {
      outcome: 'promise_to_pay',
      promiseDate: '2026-12-11',
      note: 'Paying Friday week',
    };
    expect(await recordCallTaskOutcome(h.db, scene.taskId, result, await personId(), NOW)).toEqual({
      ok: true,
    });
    expect(await invoice(scene.invoiceId)).toEqual({ disputed: false, promise_to_pay_until: '2026-12-11' });
    const row = await deliveryRow(h.db, scene.deliveryId);
    expect(row.status).toBe('done');
    expect(await listOpenCallTasks(h.db, scene.organisationId)).toEqual([]);
  });

  it('dispute stops the invoices', async () => {
    const scene = await taskScene();
    expect(
      await recordCallTaskOutcome(h.db, scene.taskId, { outcome: 'dispute' }, await personId(), NOW),
    ).toEqual({ ok: true });
    expect(await invoice(scene.invoiceId)).toEqual({ disputed: true, promise_to_pay_until: null });
  });

  it('wrong number marks the numbers unusable; the email stays usable', async () => {
    const scene = await taskScene();
    await recordCallTaskOutcome(h.db, scene.taskId, { outcome: 'wrong_number' }, await personId(), NOW);
    const contacts = await h.db
      .selectFrom('contact')
      .select(['kind', 'unusable_reason'])
      .where('customer_id', '=', scene.customerId)
      .orderBy('kind')
      .execute();
    expect(contacts).toEqual([
      { kind: 'email', unusable_reason: null },
      { kind: 'phone', unusable_reason: 'wrong_number' },
    ]);
  });

  it.each(['reached', 'no_answer'] as const)('%s changes nothing: the cadence continues', async (outcome) => {
    const scene = await taskScene();
    expect(await recordCallTaskOutcome(h.db, scene.taskId, { outcome }, await personId(), NOW)).toEqual({
      ok: true,
    });
    expect(await invoice(scene.invoiceId)).toEqual({ disputed: false, promise_to_pay_until: null });
    const task = await channelDb(h.db)
      .selectFrom('call_task')
      .select(['status', 'outcome', 'done_at'])
      .where('id', '=', scene.taskId)
      .executeTakeFirstOrThrow();
    expect(task).toEqual({ status: 'done', outcome, done_at: NOW });
  });

  it('is recorded once; bad dates and unknown tasks are refused', async () => {
    const scene = await taskScene();
    const user = await personId();
    expect(
      await recordCallTaskOutcome(
        h.db,
        scene.taskId,
        { outcome: 'promise_to_pay', promiseDate: '2026-02-30' },
        user,
        NOW,
      ),
    ).toEqual({ ok: false, reason: 'invalid_promise_date' });
    expect(await recordCallTaskOutcome(h.db, scene.taskId, { outcome: 'reached' }, user, NOW)).toEqual({
      ok: true,
    });
    expect(await recordCallTaskOutcome(h.db, scene.taskId, { outcome: 'dispute' }, user, NOW)).toEqual({
      ok: false,
      reason: 'already_done',
    });
    expect(await invoice(scene.invoiceId)).toEqual({ disputed: false, promise_to_pay_until: null });
    expect(
      await recordCallTaskOutcome(
        h.db,
        '00000000-0000-4000-8000-000000000000',
        { outcome: 'reached' },
        user,
        NOW,
      ),
    ).toEqual({ ok: false, reason: 'not_found' });
  });
});
