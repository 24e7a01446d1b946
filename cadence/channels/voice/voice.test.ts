import { describe, expect, it } from 'vitest';
import type { CallOutcome as SandboxCallOutcome } from '../../../sandbox/world.js';
import { channelDb } from '../db.js';
import { recordOptOut } from '../recipients.js';
import type { StatusEntry } from '../delivery-status.js';
import {
  BUSINESS_PHONE,
  FROM_NUMBER,
  RENDERED,
  buildScene,
  deliveryRow,
  sendAsRunner,
  useChannelHarness,
} from '../test-harness.js';

const h = useChannelHarness();

let serial = 10;
const uniqueNumber = () => `+131255501${++serial}`;

async function callScene(outcome: SandboxCallOutcome) {
  const to = uniqueNumber();
  const scene = await buildScene(h.db, { phone: to, customerZone: 'America/Chicago' });
  h.world.twilio.callOutcomes.set(to, outcome);
  const sent = await sendAsRunner(h, scene, 'call', to, { fallbackSms: RENDERED.sms });
  await h.world.idle();
  return { ...sent, scene, to };
}

async function smsDeliveries(touchpointId: string) {
  return h.db
    .selectFrom('delivery')
    .selectAll()
    .where('touchpoint_id', '=', touchpointId)
    .where('channel', '=', 'sms')
    .execute();
}

async function callDetail(deliveryId: string) {
  return channelDb(h.db)
    .selectFrom('call_detail')
    .selectAll()
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirstOrThrow();
}

async function notesOf(touchpointId: string) {
  return h.db
    .selectFrom('note')
    .select(['invoice_id', 'status', 'body'])
    .where('touchpoint_id', '=', touchpointId)
    .orderBy('created_at')
    .execute();
}

describe('automated calls through the twilio SDK against the sandbox', () => {
  it('speaks the message and offers "press 1" around a Gather that comes back to the app; machine detection on', async () => {
    const { outcome, to, deliveryId } = await callScene('human');
    expect(outcome.status === 'accepted' && outcome.providerId).toMatch(/^CA[0-9a-f]{32}$/);
    const [call] = h.world.received.calls;
    expect(call).toMatchObject({ to, from: FROM_NUMBER, machineDetection: 'Enable' });
    const twiml = call?.twiml ?? '';
    expect(twiml).toContain('<Say language="en-US">Hello. This is an automated call from Harbour Plumbing');
    expect(twiml).toContain(
      `<Gather numDigits="1" timeout="6" method="POST" action="${h.appUrl}/webhooks/twilio/gather?delivery=${deliveryId}&amp;lang=en-US" actionOnEmptyResult="false"><Say language="en-US">To speak to someone at Harbour Plumbing now, press 1.`,
    );
    const row = await deliveryRow(h.db, deliveryId);
    expect(row.status).toBe('answered_human');
    // Callbacks can beat the sender's own record of the send, so the order of the first entries varies.
    expect((row.status_history as StatusEntry[]).map((e) => e.status).sort()).toEqual([
      'accepted',
      'answered_human',
      'in_progress',
      'queued',
      'ringing',
    ]);
    expect((await callDetail(deliveryId)).outcome).toBe('human');
  });

  it.each([
    ['machine', 'answered_machine', 'machine'],
    ['no-answer', 'no_answer', 'no_answer'],
    ['busy', 'busy', 'busy'],
    ['failed', 'failed', 'failed'],
  ] as const)(
    'answered by %s → %s, outcome recorded, and the fallback SMS is sent',
    async (scripted, status, outcome) => {
      const { deliveryId, scene, to } = await callScene(scripted);
      expect((await deliveryRow(h.db, deliveryId)).status).toBe(status);
      const detail = await callDetail(deliveryId);
      expect(detail.outcome).toBe(outcome);
      const sms = await smsDeliveries(scene.touchpointId);
      expect(sms).toHaveLength(1);
      expect(sms[0]).toMatchObject({ recipient: to, status: 'delivered', id: detail.fallback_delivery_id });
      expect(h.world.received.sms).toEqual([expect.objectContaining({ to, body: RENDERED.sms.body })]);
    },
  );

  it('the fallback SMS goes once even when the final callback arrives twice, or twice at once', async () => {
    const { deliveryId, scene, outcome, to } = await callScene('no-answer');
    const sid = outcome.status === 'accepted' ? outcome.providerId : '';
    const params = {
      CallSid: sid,
      CallStatus: 'no-answer',
      To: to,
      From: FROM_NUMBER,
      AccountSid: 'AC0123456789abcdef0123456789abcdef',
    };
    const path = `/webhooks/twilio/status?delivery=${deliveryId}`;
    const replies = await Promise.all([
      h.postTwilio(path, params),
      h.postTwilio(path, params),
      h.postTwilio(path, params),
    ]);
    expect(replies.map((r) => r.status)).toEqual([204, 204, 204]);
    await h.world.idle();
    expect(await smsDeliveries(scene.touchpointId)).toHaveLength(1);
    expect(h.world.received.sms).toHaveLength(1);
    const history = (await deliveryRow(h.db, deliveryId)).status_history as StatusEntry[];
    expect(history.filter((e) => e.status === 'no_answer')).toHaveLength(1);
    // One note, worded from the SMS that was really sent, whichever callback got there first.
    expect((await notesOf(scene.touchpointId)).map((n) => n.body)).toEqual([
      `Dunwise reminder, step 2: automated call to +1 31 *** ${to.slice(-3)} was not answered; reminder SMS sent instead.`,
    ]);
  });

  it('an unanswered call without a fallback records the outcome and sends nothing', async () => {
    const to = uniqueNumber();
    const scene = await buildScene(h.db, { phone: to });
    h.world.twilio.callOutcomes.set(to, 'no-answer');
    const { deliveryId } = await sendAsRunner(h, scene, 'call', to, { fallbackSms: null });
    await h.world.idle();
    expect((await callDetail(deliveryId)).outcome).toBe('no_answer');
    expect(h.world.received.sms).toEqual([]);
  });

  it.each([
    ['no-answer', 'was not answered; reminder SMS sent instead.'],
    ['machine', 'went to voicemail; reminder SMS sent instead.'],
    ['busy', 'got a busy line; reminder SMS sent instead.'],
    ['failed', 'could not be connected; reminder SMS sent instead.'],
    ['human', 'was answered.'],
  ] as const)(
    'a call that ends %s is written as a note on the touchpoint’s invoice',
    async (scripted, words) => {
      const { scene, to } = await callScene(scripted);
      expect(await notesOf(scene.touchpointId)).toEqual([
        {
          invoice_id: scene.invoiceId,
          status: 'pending',
          body: `Dunwise reminder, step 2: automated call to +1 31 *** ${to.slice(-3)} ${words}`,
        },
      ]);
    },
  );

  it('an unanswered call whose fallback SMS is refused (the number replied STOP) says so in the note', async () => {
    const to = uniqueNumber();
    const scene = await buildScene(h.db, { phone: to });
    await recordOptOut(h.db, [scene.organisationId], 'sms', to, FROM_NUMBER, 'twilio:STOP');
    h.world.twilio.callOutcomes.set(to, 'no-answer');
    await sendAsRunner(h, scene, 'call', to, { fallbackSms: RENDERED.sms });
    await h.world.idle();
    expect(h.world.received.sms).toEqual([]);
    expect((await notesOf(scene.touchpointId)).map((n) => n.body)).toEqual([
      `Dunwise reminder, step 2: automated call to +1 31 *** ${to.slice(-3)} was not answered; the reminder SMS could not be sent (the number opted out of texts).`,
    ]);
  });

  it('pressing 1 dials the business; any other key says goodbye', async () => {
    const { deliveryId, outcome } = await callScene('human');
    const sid = outcome.status === 'accepted' ? outcome.providerId : '';
    const path = `/webhooks/twilio/gather?delivery=${deliveryId}&lang=en-US`;
    const one = await h.postTwilio(path, { CallSid: sid, Digits: '1' });
    expect(one.status).toBe(200);
    expect(await one.text()).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Connecting you now.</Say><Dial>${BUSINESS_PHONE}</Dial></Response>`,
    );
    const nine = await h.postTwilio(path, { CallSid: sid, Digits: '9' });
    expect(await nine.text()).toContain('<Say language="en-US">Thank you, goodbye.</Say><Hangup/>');
    const forged = await h.postTwilio(path, { CallSid: sid, Digits: '1' }, 'forged');
    expect(forged.status).toBe(403);
  });

  it('speaks French with fr-FR', async () => {
    const to = uniqueNumber();
    const scene = await buildScene(h.db, { phone: to, language: 'fr' });
    const voice = {
      say: [
        'Bonjour. Ceci est un appel automatique de Plomberie Côté Port.',
        'Pour parler à quelqu’un, appuyez sur 1.',
      ],
      languageTag: 'fr-FR' as const,
    };
    await sendAsRunner(h, scene, 'call', to, { language: 'fr', rendered: voice });
    await h.world.idle();
    const twiml = h.world.received.calls[0]?.twiml ?? '';
    expect(twiml).toContain(
      '<Say language="fr-FR">Bonjour. Ceci est un appel automatique de Plomberie Côté Port.</Say>',
    );
    expect(twiml).toContain('lang=fr-FR');
  });

  it('without a business number there is no Gather', async () => {
    const to = uniqueNumber();
    const scene = await buildScene(h.db, { phone: to });
    const sender = { name: 'Harbour Plumbing', replyTo: null, phone: null, businessPhone: null };
    await sendAsRunner(h, scene, 'call', to, { sender });
    expect(h.world.received.calls[0]?.twiml).not.toContain('<Gather');
  });

  it('refuses to dial outside 08:00–21:00 where the recipient is, with a clear failure and the wait', async () => {
    const to = uniqueNumber();
    const scene = await buildScene(h.db, { phone: to, customerZone: 'America/Los_Angeles' });
    h.clock.now = new Date('2026-12-03T15:30:00Z'); // 07:30 in Los Angeles, 10:30 in New York
    const { outcome } = await sendAsRunner(h, scene, 'call', to);
    expect(outcome).toMatchObject({
      status: 'failed',
      permanent: false,
      code: 'outside_recipient_hours',
      retryAfterMs: 30 * 60_000,
    });
    expect(outcome.status === 'failed' && outcome.message).toContain('America/Los_Angeles');
    expect(h.world.received.calls).toEqual([]);
  });

  it('a landline that cannot take SMS can still be called (B25)', async () => {
    const to = uniqueNumber();
    const scene = await buildScene(h.db, { phone: to });
    await h.db
      .updateTable('contact')
      .set({ unusable_reason: 'not_mobile' })
      .where('customer_id', '=', scene.customerId)
      .execute();
    const { outcome } = await sendAsRunner(h, scene, 'call', to);
    expect(outcome.status).toBe('accepted');
  });

  it('a call status callback with a bad signature gets 403 and changes nothing', async () => {
    const { deliveryId, outcome, scene } = await callScene('human');
    const sid = outcome.status === 'accepted' ? outcome.providerId : '';
    const before = await deliveryRow(h.db, deliveryId);
    const path = `/webhooks/twilio/status?delivery=${deliveryId}`;
    const reply = await h.postTwilio(path, { CallSid: sid, CallStatus: 'no-answer' }, 'c2lnbmF0dXJl');
    expect(reply.status).toBe(403);
    const after = await deliveryRow(h.db, deliveryId);
    expect([after.status, after.status_history]).toEqual([before.status, before.status_history]);
    expect(await smsDeliveries(scene.touchpointId)).toEqual([]);
  });
});
