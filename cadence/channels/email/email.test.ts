import { describe, expect, it } from 'vitest';
import { signEventPayload } from '../../../sandbox/sendgrid/index.js';
import type { StatusEntry } from '../delivery-status.js';
import type { SendOutcome } from '../types.js';
import { createChannelSenders } from '../senders.js';
import {
  buildScene,
  buildTouchpoint,
  deliveryRow,
  sendAsRunner,
  useChannelHarness,
} from '../test-harness.js';
import { failNextInsert } from '../../../test/fail-once.js';
import { sendGridFailure } from './errors.js';

const h = useChannelHarness();

async function contactReason(email: string) {
  const row = await h.db
    .selectFrom('contact')
    .select('unusable_reason')
    .where('value', '=', email)
    .executeTakeFirst();
  return row?.unusable_reason ?? null;
}

async function optOuts(organisationId: string) {
  return h.db
    .selectFrom('opt_out')
    .select(['channel', 'address', 'source'])
    .where('organisation_id', '=', organisationId)
    .execute();
}

/** Notes queued for the books on an invoice, outside the step's own note (which the runner queues). */
async function invoiceNotes(invoiceId: string) {
  const rows = await h.db
    .selectFrom('note')
    .select('body')
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.body);
}

describe('email through @sendgrid/mail against the sandbox', () => {
  it('202 is accepted with the X-Message-Id, from a Dunwise sender named after the business; delivery comes by webhook', async () => {
    const scene = await buildScene(h.db, { email: 'ap@customer.example.com' });
    const { deliveryId, outcome } = await sendAsRunner(h, scene, 'email', 'ap@customer.example.com');
    expect(outcome.status).toBe('accepted');
    expect(outcome.status === 'accepted' && outcome.providerId).toMatch(/^[\w-]{22}$/);
    const [email] = h.world.received.emails;
    expect(email).toMatchObject({
      from: 'reminders@dunwise.local',
      replyTo: 'accounts@harbour.example.com',
      to: ['ap@customer.example.com'],
      subject: 'Invoice INV-1042 from Harbour Plumbing: is anything holding it up?',
      customArgs: {
        dunwise_organisation_id: scene.organisationId,
        dunwise_touchpoint_id: scene.touchpointId,
        dunwise_delivery_id: deliveryId,
      },
    });
    expect(email?.html).toContain('<p>');
    expect(email?.text).toContain('INV-1042');
    await h.world.idle();
    const row = await deliveryRow(h.db, deliveryId);
    expect(row.status).toBe('delivered');
    expect(row.provider_id).toBe(outcome.status === 'accepted' ? outcome.providerId : null);
    // The Event Webhook can beat the sender's own record of the send, so the entries' order may vary.
    expect((row.status_history as StatusEntry[]).map((e) => e.status).sort()).toEqual([
      'accepted',
      'delivered',
    ]);
    // Delivered is what the step's note already says: nothing more goes into the books.
    expect(await invoiceNotes(scene.invoiceId)).toEqual([]);
  });

  it("uses the business's own verified sender when it has one", async () => {
    const scene = await buildScene(h.db, { email: 'ap@customer.example.com' });
    const sender = {
      name: 'Harbour Plumbing',
      replyTo: null,
      phone: null,
      businessPhone: null,
      email: 'billing@harbour.example.com',
    };
    const { outcome } = await sendAsRunner(h, scene, 'email', 'ap@customer.example.com', { sender });
    expect(outcome.status).toBe('accepted');
    expect(h.world.received.emails[0]).toMatchObject({ from: 'billing@harbour.example.com', replyTo: null });
  });

  it('a hard bounce marks the delivery bounced (never delivered) and the address unusable: the next step makes no SendGrid call', async () => {
    const scene = await buildScene(h.db, { email: 'bounce@customer.example.com' });
    const { deliveryId } = await sendAsRunner(h, scene, 'email', 'bounce@customer.example.com');
    await h.world.idle();
    const row = await deliveryRow(h.db, deliveryId);
    expect(row.status).toBe('bounced');
    expect(row.error_message).toContain('550 5.1.1');
    expect(await contactReason('bounce@customer.example.com')).toBe('hard_bounce');
    // The step's note said the email was accepted; the invoice's history says it bounced too.
    expect(await invoiceNotes(scene.invoiceId)).toEqual([
      'Dunwise reminder, step 2: the email to b***@customer.example.com bounced ' +
        '(550 5.1.1 The email account that you tried to reach does not exist.).',
    ]);

    const again = await sendAsRunner(
      h,
      { ...scene, touchpointId: await nextTouchpoint(scene) },
      'email',
      'bounce@customer.example.com',
    );
    expect(again.outcome).toMatchObject({
      status: 'failed',
      permanent: true,
      recipientProblem: 'invalid_address',
    });
    expect(h.world.received.emails).toHaveLength(1);
  });

  it('dropped (bounced address) → dropped and unusable', async () => {
    const scene = await buildScene(h.db, { email: 'dropped@customer.example.com' });
    const { deliveryId } = await sendAsRunner(h, scene, 'email', 'dropped@customer.example.com');
    await h.world.idle();
    expect((await deliveryRow(h.db, deliveryId)).status).toBe('dropped');
    expect(await contactReason('dropped@customer.example.com')).toBe('hard_bounce');
  });

  it.each([
    ['spamreport@customer.example.com', 'spam_reported', 'sendgrid:spamreport'],
    ['unsubscribe@customer.example.com', 'unsubscribed', 'sendgrid:unsubscribe'],
  ])(
    '%s → %s after delivered, an email opt-out (B27) and a note on the invoice',
    async (address, status, source) => {
      const scene = await buildScene(h.db, { email: address });
      const { deliveryId } = await sendAsRunner(h, scene, 'email', address);
      await h.world.idle();
      const row = await deliveryRow(h.db, deliveryId);
      expect(row.status).toBe(status);
      expect((row.status_history as StatusEntry[]).map((e) => e.status)).toEqual(
        expect.arrayContaining(['accepted', 'delivered', status]),
      );
      expect(row.status_history).toHaveLength(3);
      expect(await optOuts(scene.organisationId)).toEqual([{ channel: 'email', address, source }]);
      const [note, ...more] = await invoiceNotes(scene.invoiceId);
      expect(more).toEqual([]);
      expect(note).toMatch(/^Dunwise reminder, step 2: the email to [su]\*\*\*@customer\.example\.com was /);
      expect(note).toContain('no more emails will go to this address.');
      const again = await sendAsRunner(
        h,
        { ...scene, touchpointId: await nextTouchpoint(scene) },
        'email',
        address,
      );
      expect(again.outcome).toMatchObject({ status: 'failed', recipientProblem: 'opted_out' });
      expect(h.world.received.emails).toHaveLength(1);
    },
  );

  it('events are matched on the sg_message_id prefix when custom args are missing, and a replayed batch is applied once', async () => {
    const scene = await buildScene(h.db, { email: 'ap@customer.example.com' });
    h.world.apps.sendgrid.webhookUrl = null;
    const { deliveryId, outcome } = await sendAsRunner(h, scene, 'email', 'ap@customer.example.com');
    const body = eventBody(outcome, {
      email: 'ap@customer.example.com',
      event: 'dropped',
      reason: 'Bounced Address',
      sg_event_id: 'e1',
    });
    for (let i = 0; i < 2; i++) expect((await postEvents(body)).status).toBe(200);
    const row = await deliveryRow(h.db, deliveryId);
    expect(row.status).toBe('dropped');
    expect((row.status_history as StatusEntry[]).filter((e) => e.status === 'dropped')).toHaveLength(1);
    expect(await invoiceNotes(scene.invoiceId)).toEqual([
      'Dunwise reminder, step 2: the email to a***@customer.example.com was not delivered (Bounced Address).',
    ]);
  });

  it('an event that fails half way (its note could not be stored) changes nothing, so the retry still marks the address', async () => {
    const scene = await buildScene(h.db, { email: 'gone@customer.example.com' });
    h.world.apps.sendgrid.webhookUrl = null;
    const { deliveryId, outcome } = await sendAsRunner(h, scene, 'email', 'gone@customer.example.com');
    const body = eventBody(outcome, {
      email: 'gone@customer.example.com',
      event: 'bounce',
      type: 'bounce',
      reason: '550 5.1.1 no such user',
      sg_event_id: 'e-half',
    });
    const undo = await failNextInsert(h.db, 'note');
    try {
      expect((await postEvents(body)).status).toBe(500);
      expect((await deliveryRow(h.db, deliveryId)).status).toBe('accepted');
      expect(await contactReason('gone@customer.example.com')).toBeNull();
      // SendGrid retries the batch with the same event id: it is applied whole, not skipped as a repeat.
      expect((await postEvents(body)).status).toBe(200);
    } finally {
      await undo();
    }
    expect((await deliveryRow(h.db, deliveryId)).status).toBe('bounced');
    expect(await contactReason('gone@customer.example.com')).toBe('hard_bounce');
    expect(await invoiceNotes(scene.invoiceId)).toEqual([
      'Dunwise reminder, step 2: the email to g***@customer.example.com bounced (550 5.1.1 no such user).',
    ]);
  });

  it('a bad signature gets 403 and changes nothing; no signature gets 401', async () => {
    const scene = await buildScene(h.db, { email: 'ap@customer.example.com' });
    h.world.apps.sendgrid.webhookUrl = null;
    const { deliveryId, outcome } = await sendAsRunner(h, scene, 'email', 'ap@customer.example.com');
    const messageId = outcome.status === 'accepted' ? outcome.providerId : '';
    const signedBody = JSON.stringify([
      {
        email: 'ap@customer.example.com',
        event: 'delivered',
        sg_event_id: 'e2',
        sg_message_id: `${messageId}.x`,
      },
    ]);
    const forged = signedBody.replace('delivered', 'bounce');
    const timestamp = '1796000000';
    const signature = signEventPayload(h.world.apps.sendgrid.webhookPrivateKey, timestamp, signedBody);
    expect((await postEvents(forged, { signature, timestamp })).status).toBe(403);
    expect((await postEvents(forged, { signature: 'not-base64-der', timestamp })).status).toBe(403);
    expect((await postEvents(forged, 'unsigned')).status).toBe(401);
    const row = await deliveryRow(h.db, deliveryId);
    expect(row.status).toBe('accepted');
    expect(await contactReason('ap@customer.example.com')).toBeNull();
    expect((await postEvents(signedBody, { signature, timestamp })).status).toBe(200);
    expect((await deliveryRow(h.db, deliveryId)).status).toBe('delivered');
  });
});

describe('SendGrid refusals', () => {
  it('401 (bad key) is an account problem', async () => {
    const scene = await buildScene(h.db, { email: 'ap@customer.example.com' });
    h.world.apps.sendgrid.apiKey = 'SG.another-key';
    const { deliveryId, outcome } = await sendAsRunner(h, scene, 'email', 'ap@customer.example.com');
    expect(outcome).toMatchObject({
      status: 'failed',
      permanent: true,
      accountProblem: true,
      code: 'sendgrid_401',
    });
    expect((await deliveryRow(h.db, deliveryId)).error_message).toContain('authorization grant is invalid');
  });

  it('403 (unverified sender) is an account problem whose message names the field (B26)', async () => {
    const scene = await buildScene(h.db, { email: 'ap@customer.example.com' });
    const sender = {
      name: 'X',
      replyTo: null,
      phone: null,
      businessPhone: null,
      email: 'billing@unverified.example.com',
    };
    const { outcome } = await sendAsRunner(h, scene, 'email', 'ap@customer.example.com', { sender });
    expect(outcome).toMatchObject({ status: 'failed', accountProblem: true, code: 'sendgrid_403' });
    expect(outcome.status === 'failed' && outcome.message).toMatch(
      /^from: The from address does not match a verified Sender Identity/,
    );
  });

  it('400 fails that delivery only; the next one is sent', async () => {
    const scene = await buildScene(h.db, { email: 'ap@customer.example.com' });
    const bad = await sendAsRunner(h, scene, 'email', 'ap@customer.example.com', {
      rendered: { subject: 'x', text: '', html: '<p>x</p>' },
    });
    expect(bad.outcome).toMatchObject({ status: 'failed', permanent: true, code: 'sendgrid_400' });
    expect(bad.outcome.status === 'failed' && bad.outcome.accountProblem).toBeFalsy();
    expect(bad.outcome.status === 'failed' && bad.outcome.message).toContain('content.0.value');
    const other = await buildScene(h.db, { email: 'ar@other.example.com' });
    expect((await sendAsRunner(h, other, 'email', 'ar@other.example.com')).outcome.status).toBe('accepted');
  });

  it('a 400 naming the recipient is a recipient problem', () => {
    const error = {
      code: 400,
      response: {
        body: {
          errors: [{ field: 'personalizations.0.to.0.email', message: 'Does not contain a valid address.' }],
        },
      },
    };
    expect(sendGridFailure(error, new Date())).toMatchObject({
      permanent: true,
      recipientProblem: 'invalid_address',
    });
  });

  it('an empty or invalid address makes no SendGrid call (B29)', async () => {
    const scene = await buildScene(h.db);
    for (const to of ['', '  ', 'not-an-email']) {
      const { outcome } = await sendAsRunner(
        h,
        { ...scene, touchpointId: await nextTouchpoint(scene) },
        'email',
        to,
      );
      expect(outcome).toMatchObject({
        status: 'failed',
        permanent: true,
        recipientProblem: 'invalid_address',
      });
    }
    expect(h.world.received.emails).toEqual([]);
  });

  it('a 500 or an unreachable SendGrid waits and retries; nothing is thrown', async () => {
    const scene = await buildScene(h.db, { email: 'ap@customer.example.com' });
    h.world.faults.push({ target: 'sendgrid', kind: 'server-error', remaining: 1 });
    const { deliveryId, outcome } = await sendAsRunner(h, scene, 'email', 'ap@customer.example.com');
    expect(outcome).toMatchObject({
      status: 'failed',
      permanent: false,
      code: 'sendgrid_500',
      retryAfterMs: 300_000,
    });
    const row = await deliveryRow(h.db, deliveryId);
    expect(row.next_attempt_at?.toISOString()).toBe('2026-12-03T15:05:00.000Z');
    expect(row.attempts).toBe(1);

    const offline = createChannelSenders(h.deps, {
      ...h.config,
      sendgrid: { ...h.config.sendgrid!, apiUrl: 'http://127.0.0.1:9' },
    });
    const message = { ...scene, touchpointId: await nextTouchpoint(scene) };
    const down = await offline.email!.send({
      organisationId: message.organisationId,
      touchpointId: message.touchpointId,
      deliveryId: '00000000-0000-4000-8000-000000000000',
      customerId: message.customerId,
      channel: 'email',
      to: 'ap@customer.example.com',
      sender: { name: 'Harbour Plumbing', replyTo: null, phone: null, businessPhone: null },
      language: 'en',
      rendered: { subject: 's', text: 't', html: '<p>t</p>' },
    });
    expect(down).toMatchObject({ status: 'failed', permanent: false, code: 'network_econnrefused' });
  });
});

let touchpointDay = 10;
async function nextTouchpoint(scene: { organisationId: string; customerId: string }): Promise<string> {
  touchpointDay += 1;
  return buildTouchpoint(h.db, scene.organisationId, scene.customerId, `2026-12-${touchpointDay}`);
}

/** Posts an Event Webhook batch: signed with the sandbox's key (default), with given headers, or unsigned. */
/** One Event Webhook event for the message `outcome` accepted, matched by its sg_message_id (no custom args). */
function eventBody(outcome: SendOutcome, event: Record<string, string>): string {
  const messageId = outcome.status === 'accepted' ? outcome.providerId : '';
  return JSON.stringify([{ ...event, sg_message_id: `${messageId}.filter0001`, timestamp: 1_796_000_000 }]);
}

async function postEvents(
  body: string,
  signed: { signature: string; timestamp: string } | 'valid' | 'unsigned' = 'valid',
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signed !== 'unsigned') {
    const timestamp = '1796000000';
    const { signature } =
      signed === 'valid'
        ? { signature: signEventPayload(h.world.apps.sendgrid.webhookPrivateKey, timestamp, body) }
        : signed;
    headers['x-twilio-email-event-webhook-signature'] = signature;
    headers['x-twilio-email-event-webhook-timestamp'] = signed === 'valid' ? timestamp : signed.timestamp;
  }
  return fetch(`${h.appUrl}/webhooks/sendgrid`, { method: 'POST', headers, body });
}
