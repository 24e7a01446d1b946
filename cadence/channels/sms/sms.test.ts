import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receiveReply, signTwilioRequest } from '../../../sandbox/twilio/index.js';
import { applyDeliveryStatus, recordSendOutcome } from '../deliveries.js';
import type { StatusEntry } from '../delivery-status.js';
import { toE164 } from '../phone.js';
import type { SendOutcome } from '../types.js';
import { twilioWebhookRouter } from '../twilio-webhook.js';
import {
  AUTH_TOKEN,
  FROM_NUMBER,
  buildDelivery,
  buildScene,
  buildTouchpoint,
  outgoing,
  deliveryRow,
  sendAsRunner,
  useChannelHarness,
  webhookApp,
} from '../test-harness.js';
import { listen, type Listening } from '../../../sandbox/control/test-support.js';
import { failNextInsert } from '../../../test/fail-once.js';

const h = useChannelHarness();
const MOBILE = '+12125550142';
const LANDLINE = '+12125550100';

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

let day = 10;
const laterTouchpoint = (scene: { organisationId: string; customerId: string }) =>
  buildTouchpoint(h.db, scene.organisationId, scene.customerId, `2026-12-${++day}`);

async function optOutRows(address: string) {
  return h.db
    .selectFrom('opt_out')
    .select(['organisation_id', 'channel', 'address', 'sender'])
    .where('address', '=', address)
    .execute();
}

/** Twilio's later word on an accepted SMS: undelivered, 30006 (a landline or an unreachable carrier). */
function landlineCallback(deliveryId: string, outcome: SendOutcome, to: string) {
  return {
    path: `/webhooks/twilio/status?delivery=${deliveryId}`,
    params: {
      MessageSid: outcome.status === 'accepted' ? outcome.providerId : '',
      MessageStatus: 'undelivered',
      ErrorCode: '30006',
      From: FROM_NUMBER,
      To: to,
    },
  };
}

// The database lives for the whole file: each test texts its own number.
let serial = 10;
const uniqueMobile = () => `+121255501${++serial}`;

describe('numbers (B24)', () => {
  it.each([
    ['(415) 555-0142', 'US', '+14155550142'],
    ['+44 20 7946 0321', 'US', '+442079460321'],
    ['020 7946 0321', 'GB', '+442079460321'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['12345', 'US', null],
    ['', 'US', null],
    [null, 'US', null],
  ])('%s in %s → %s', (raw, country, expected) => {
    expect(toE164(raw, country)).toBe(expected);
  });
});

describe('SMS through the twilio SDK against the sandbox', () => {
  it('is accepted with the SM sid; signed status callbacks move it to delivered', async () => {
    const scene = await buildScene(h.db, { phone: '(212) 555-0142' });
    const { deliveryId, outcome } = await sendAsRunner(h, scene, 'sms', MOBILE);
    expect(outcome.status === 'accepted' && outcome.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(h.world.received.sms).toEqual([
      expect.objectContaining({
        to: MOBILE,
        from: FROM_NUMBER,
        body: expect.stringContaining('Reply STOP') as unknown,
      }),
    ]);
    await h.world.idle();
    expect(h.world.deliveries.map((d) => d.status)).toEqual([204, 204]);
    const row = await deliveryRow(h.db, deliveryId);
    expect(row.status).toBe('delivered');
    // Callbacks can beat the sender's own record of the send, so the entries' order may vary.
    expect((row.status_history as StatusEntry[]).map((e) => e.status).sort()).toEqual([
      'accepted',
      'delivered',
      'sent',
    ]);
  });

  it.each([
    ['12345', 'twilio_21211', 'invalid_address'],
    [LANDLINE, 'twilio_21614', 'not_mobile'],
  ])(
    '%s is refused (%s) without throwing, and the number is marked %s (B24, B25)',
    async (to, code, problem) => {
      h.world.twilio.landlines.add(LANDLINE);
      const scene = await buildScene(h.db, { phone: to, email: 'ap@customer.example.com' });
      const { deliveryId, outcome } = await sendAsRunner(h, scene, 'sms', to);
      expect(outcome).toMatchObject({ status: 'failed', permanent: true, code, recipientProblem: problem });
      expect((await deliveryRow(h.db, deliveryId)).status).toBe('failed');
      if (problem === 'not_mobile') {
        const contact = await h.db
          .selectFrom('contact')
          .select('unusable_reason')
          .where('kind', '=', 'phone')
          .where('customer_id', '=', scene.customerId)
          .executeTakeFirstOrThrow();
        expect(contact.unusable_reason).toBe('not_mobile');
        // The next step makes no SMS attempt to the landline, but email still goes.
        const again = await sendAsRunner(
          h,
          { ...scene, touchpointId: await laterTouchpoint(scene) },
          'sms',
          to,
        );
        expect(again.outcome).toMatchObject({ status: 'failed', recipientProblem: 'not_mobile' });
      }
      const email = await sendAsRunner(
        h,
        { ...scene, touchpointId: await laterTouchpoint(scene) },
        'email',
        'ap@customer.example.com',
      );
      expect(email.outcome.status).toBe('accepted');
      expect(h.world.received.sms).toEqual([]);
    },
  );

  it('STOP records an opt-out for (number, sender) in every organisation that texted it; START removes it', async () => {
    const mobile = uniqueMobile();
    const a = await buildScene(h.db, { phone: mobile.slice(2) });
    const b = await buildScene(h.db, { phone: `+1 ${mobile.slice(2, 5)} ${mobile.slice(5)}` });
    await sendAsRunner(h, a, 'sms', mobile);
    await h.world.idle();
    receiveReply(h.world, { from: mobile, body: 'Stop' });
    await h.world.idle();
    expect(h.world.deliveries.at(-1)?.status).toBe(200);
    const rows = await optOutRows(mobile);
    expect(rows.map((r) => r.organisation_id).sort()).toEqual([a.organisationId, b.organisationId].sort());
    expect(rows.every((r) => r.channel === 'sms' && r.address === mobile && r.sender === FROM_NUMBER)).toBe(
      true,
    );

    // Later steps skip SMS without asking Twilio.
    const blocked = await sendAsRunner(h, { ...b }, 'sms', mobile);
    expect(blocked.outcome).toMatchObject({
      status: 'failed',
      permanent: true,
      recipientProblem: 'opted_out',
    });
    expect(h.world.received.sms.filter((m) => m.direction === 'outbound-api')).toHaveLength(1);

    receiveReply(h.world, { from: mobile, body: 'START' });
    await h.world.idle();
    expect(await optOutRows(mobile)).toEqual([]);
    const resumed = await sendAsRunner(h, { ...b, touchpointId: await laterTouchpoint(b) }, 'sms', mobile);
    expect(resumed.outcome.status).toBe('accepted');
  });

  it('STOP and START are written as notes on the invoices of the touchpoint that texted the number, once per change', async () => {
    const mobile = uniqueMobile();
    const scene = await buildScene(h.db, { phone: mobile });
    await sendAsRunner(h, scene, 'sms', mobile);
    await h.world.idle();
    const notes = () =>
      h.db
        .selectFrom('note')
        .select(['invoice_id', 'touchpoint_id', 'body'])
        .where('touchpoint_id', '=', scene.touchpointId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    const stopNote = {
      invoice_id: scene.invoiceId,
      touchpoint_id: scene.touchpointId,
      body: `Dunwise: +1 21 *** ${mobile.slice(-3)} replied STOP to texts from +1 500 555 0006; no more SMS will be sent to it.`,
    };

    receiveReply(h.world, { from: mobile, body: 'STOP' });
    await h.world.idle();
    expect(await notes()).toEqual([stopNote]);
    // Twilio retrying the same webhook, or a second STOP while opted out, notes nothing new.
    const reply = h.world.received.sms.at(-1)!;
    const params = {
      AccountSid: 'AC0123456789abcdef0123456789abcdef',
      Body: 'STOP',
      From: mobile,
      To: FROM_NUMBER,
      MessageSid: reply.sid,
      OptOutType: 'STOP',
    };
    expect((await h.postTwilio('/webhooks/twilio/sms', params)).status).toBe(200);
    receiveReply(h.world, { from: mobile, body: 'STOP' });
    await h.world.idle();
    expect(await notes()).toEqual([stopNote]);
    // START is written too, and after it a new STOP is news again.
    const startNote = {
      ...stopNote,
      body: `Dunwise: +1 21 *** ${mobile.slice(-3)} replied START to texts from +1 500 555 0006; reminders may text it again.`,
    };
    receiveReply(h.world, { from: mobile, body: 'START' });
    await h.world.idle();
    receiveReply(h.world, { from: mobile, body: 'stop' });
    await h.world.idle();
    expect(await notes()).toEqual([stopNote, startNote, stopNote]);
    // START lifts it once more; a second START, with nothing left to lift, notes nothing.
    receiveReply(h.world, { from: mobile, body: 'START' });
    receiveReply(h.world, { from: mobile, body: 'START' });
    await h.world.idle();
    expect(await notes()).toEqual([stopNote, startNote, stopNote, startNote]);
  });

  it('21610 from Twilio (opted out at Twilio) is recorded as an opt-out', async () => {
    const mobile = uniqueMobile();
    const scene = await buildScene(h.db, { phone: mobile });
    h.world.twilio.optOuts.add(`${mobile}|${FROM_NUMBER}`);
    const { outcome } = await sendAsRunner(h, scene, 'sms', mobile);
    expect(outcome).toMatchObject({
      status: 'failed',
      permanent: true,
      code: 'twilio_21610',
      recipientProblem: 'opted_out',
    });
    expect(await optOutRows(mobile)).toEqual([
      { organisation_id: scene.organisationId, channel: 'sms', address: mobile, sender: FROM_NUMBER },
    ]);
  });

  it('HELP is answered with TwiML naming the business and how to stop', async () => {
    const scene = await buildScene(h.db, { phone: MOBILE });
    await sendAsRunner(h, scene, 'sms', MOBILE);
    const response = await h.postTwilio('/webhooks/twilio/sms', {
      AccountSid: 'AC0123456789abcdef0123456789abcdef',
      Body: 'help',
      From: MOBILE,
      To: FROM_NUMBER,
      MessageSid: 'SM1',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/xml');
    const twiml = await response.text();
    expect(twiml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>/);
    expect(twiml).toContain('Harbour Plumbing: payment reminders about your account.');
    expect(twiml).toContain('Reply STOP to opt out.');
  });

  it('a status callback with a bad signature gets 403 and changes nothing; a signed one is applied and noted', async () => {
    const scene = await buildScene(h.db, { phone: MOBILE });
    h.world.twilio.landlines.clear();
    const { deliveryId, outcome } = await sendAsRunner(h, scene, 'sms', MOBILE);
    await h.world.idle();
    const before = await deliveryRow(h.db, deliveryId);
    const { path, params } = landlineCallback(deliveryId, outcome, MOBILE);
    const wrong = signTwilioRequest('another-token', `${h.appUrl}${path}`, params);
    expect((await h.postTwilio(path, params, wrong)).status).toBe(403);
    expect((await h.postTwilio(path, params, '')).status).toBe(403);
    const after = await deliveryRow(h.db, deliveryId);
    expect([after.status, after.status_history]).toEqual([before.status, before.status_history]);
    expect((await h.postTwilio(path, params)).status).toBe(204);
    const applied = await deliveryRow(h.db, deliveryId);
    expect([applied.status, applied.error_code]).toEqual(['undelivered', 'twilio_30006']);
    // The SMS had been delivered; Twilio's later word goes on the invoice, once however often it is repeated.
    expect((await h.postTwilio(path, params)).status).toBe(204);
    const notes = await h.db
      .selectFrom('note')
      .select('body')
      .where('invoice_id', '=', scene.invoiceId)
      .execute();
    expect(notes.map((n) => n.body)).toEqual([
      'Dunwise reminder, step 2: the SMS to +1 21 *** 142 was not delivered (Twilio 30006: a landline or an unreachable carrier).',
    ]);
  });

  it('a callback that fails half way (its note could not be stored) changes nothing, so the retry still marks the landline', async () => {
    const number = uniqueMobile();
    const scene = await buildScene(h.db, { phone: number });
    h.world.twilio.landlines.clear();
    const { deliveryId, outcome } = await sendAsRunner(h, scene, 'sms', number);
    await h.world.idle();
    const { path, params } = landlineCallback(deliveryId, outcome, number);
    const undo = await failNextInsert(h.db, 'note');
    try {
      expect((await h.postTwilio(path, params)).status).toBe(500);
      expect((await deliveryRow(h.db, deliveryId)).status).toBe('delivered');
      // Twilio retries with the same sid and status: applied whole, not skipped as a repeat.
      expect((await h.postTwilio(path, params)).status).toBe(204);
    } finally {
      await undo();
    }
    expect((await deliveryRow(h.db, deliveryId)).status).toBe('undelivered');
    const contact = await h.db
      .selectFrom('contact')
      .select('unusable_reason')
      .where('customer_id', '=', scene.customerId)
      .where('kind', '=', 'phone')
      .executeTakeFirstOrThrow();
    expect(contact.unusable_reason).toBe('not_mobile');
    const notes = await h.db
      .selectFrom('note')
      .select('body')
      .where('invoice_id', '=', scene.invoiceId)
      .execute();
    expect(notes).toHaveLength(1);
  });

  it('outside 08:00–21:00 for the recipient, nothing is sent and the delivery waits', async () => {
    const scene = await buildScene(h.db, { phone: MOBILE });
    h.clock.now = new Date('2026-12-04T02:30:00Z'); // 21:30 in New York
    const { deliveryId, outcome } = await sendAsRunner(h, scene, 'sms', MOBILE);
    expect(outcome).toMatchObject({ status: 'failed', permanent: false, code: 'outside_recipient_hours' });
    expect((await deliveryRow(h.db, deliveryId)).next_attempt_at?.toISOString()).toBe(
      '2026-12-04T13:00:00.000Z',
    );
    expect(h.world.received.sms).toEqual([]);
  });

  it('a Twilio outage (500) fails transiently without throwing; the retry on the same delivery goes through', async () => {
    const scene = await buildScene(h.db, { phone: MOBILE });
    h.world.faults.push({ target: 'twilio', kind: 'server-error', remaining: 1 });
    const { deliveryId, outcome } = await sendAsRunner(h, scene, 'sms', MOBILE);
    expect(outcome).toMatchObject({ status: 'failed', permanent: false, retryAfterMs: 300_000 });
    expect((await deliveryRow(h.db, deliveryId)).next_attempt_at?.toISOString()).toBe(
      '2026-12-03T15:05:00.000Z',
    );

    h.clock.now = new Date('2026-12-03T15:05:00Z');
    const retry = await h.senders.sms!.send(outgoing(scene, deliveryId, 'sms', MOBILE));
    await recordSendOutcome(h.db, deliveryId, retry, h.clock.now);
    await h.world.idle();
    const row = await deliveryRow(h.db, deliveryId);
    expect([row.status, row.attempts, row.next_attempt_at]).toEqual(['delivered', 2, null]);
  });

  it("a retry's callbacks that beat the sender's own record still count: the earlier failure does not hide them", async () => {
    const scene = await buildScene(h.db, { phone: MOBILE });
    const deliveryId = await buildDelivery(h.db, scene, 'sms', MOBILE);
    const outage = {
      status: 'failed',
      permanent: false,
      code: 'twilio_500',
      message: 'Twilio is down',
    } as const;
    await recordSendOutcome(h.db, deliveryId, outage, h.clock.now);
    const sid = 'SM' + 'ab'.repeat(16);
    for (const reported of ['sent', 'delivered'] as const) {
      const entry: StatusEntry = { at: h.clock.now.toISOString(), status: reported, source: 'twilio' };
      await applyDeliveryStatus(
        h.db,
        deliveryId,
        { ...entry, eventId: `${sid}:${reported}` },
        { providerId: sid },
      );
    }
    await recordSendOutcome(h.db, deliveryId, { status: 'accepted', providerId: sid }, h.clock.now);
    const row = await deliveryRow(h.db, deliveryId);
    expect([row.status, row.provider_id, row.attempts]).toEqual(['delivered', sid, 2]);
  });
});

describe('signature behind a TLS-terminating proxy (B22, Twilio twin)', () => {
  let server: Listening;
  afterEach(() => server.close());

  it('validates against the public https URL, not the plain-http one the request arrived on', async () => {
    const scene = await buildScene(h.db, { phone: MOBILE });
    const { deliveryId, outcome } = await sendAsRunner(h, scene, 'sms', MOBILE);
    await h.world.idle();
    const publicUrl = 'https://app.example.com';
    const router = twilioWebhookRouter(h.deps, h.config.twilio!, publicUrl, undefined);
    server = await listen(webhookApp([router]));
    const path = `/webhooks/twilio/status?delivery=${deliveryId}`;
    const params = {
      MessageSid: outcome.status === 'accepted' ? outcome.providerId : '',
      MessageStatus: 'failed',
      ErrorCode: '30008',
    };
    const post = (signature: string) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-proto': 'https',
          'x-twilio-signature': signature,
        },
        body: new URLSearchParams(params).toString(),
      });
    expect((await post(signTwilioRequest(AUTH_TOKEN, `${server.url}${path}`, params))).status).toBe(403);
    expect((await post(signTwilioRequest(AUTH_TOKEN, `${publicUrl}${path}`, params))).status).toBe(204);
    expect((await deliveryRow(h.db, deliveryId)).status).toBe('failed');
  });
});
