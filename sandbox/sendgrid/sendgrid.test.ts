import { Client } from '@sendgrid/client';
import { EventWebhook, EventWebhookHeader } from '@sendgrid/eventwebhook';
import { MailService } from '@sendgrid/mail';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  serveRouters,
  startReceiver,
  testApps,
  type Listening,
  type ReceivedHook,
} from '../control/test-support.js';
import { SandboxWorld } from '../world.js';
import { createSendGridSandbox } from './router.js';
import { generateWebhookKeys } from './signing.js';

interface SendGridFailure {
  code: number;
  response: { body: { errors: { message: string; field: string | null; help: string | null }[] } };
}

const keys = generateWebhookKeys();
let world: SandboxWorld;
let server: Listening;
let receiver: Listening & { hooks: ReceivedHook[] };

function mailer(apiKey = 'SG.test-key'): MailService {
  const client = new Client();
  client.setApiKey(apiKey);
  client.setDefaultRequest('baseUrl', `${server.url}/sendgrid`);
  const mail = new MailService();
  mail.setClient(client);
  return mail;
}

const message = {
  to: 'ap@customer.example.com',
  from: { email: 'billing@harbour.example.com', name: 'Harbour Plumbing' },
  replyTo: 'accounts@harbour.example.com',
  subject: 'Invoice 1042 is 8 days overdue',
  text: 'Kia ora Zoë, invoice 1042 …',
  html: '<p>Kia ora Zoë, invoice 1042 …</p>',
  customArgs: { dunwise_action_id: 'act-1', invoice_id: 'inv-1042' },
};

async function failure(promise: Promise<unknown>): Promise<SendGridFailure> {
  try {
    await promise;
  } catch (error) {
    return error as SendGridFailure;
  }
  throw new Error('expected the send to fail');
}

function messageIdOf(response: { headers: unknown }): string {
  return (response.headers as Record<string, string>)['x-message-id'] ?? '';
}

function events(hook: ReceivedHook): Record<string, unknown>[] {
  return JSON.parse(hook.body) as Record<string, unknown>[];
}

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

beforeEach(async () => {
  world = new SandboxWorld(
    testApps({
      sendgrid: { apiKey: 'SG.test-key', ...keys, webhookUrl: `${receiver.url}/webhooks/sendgrid` },
    }),
  );
  world.sendgrid.verifiedSenders.add('harbour.example.com');
  receiver.hooks.length = 0;
  server = await serveRouters(createSendGridSandbox(world));
});
afterEach(async () => {
  await world.idle();
  await server.close();
});

describe('SendGrid mail/send driven by @sendgrid/mail', () => {
  it('accepts a message: 202, X-Message-Id, and keeps what was sent', async () => {
    const [response] = await mailer().send(message);
    expect(response.statusCode).toBe(202);
    const messageId = messageIdOf(response);
    expect(messageId).toMatch(/^[\w-]{22}$/);
    expect(world.received.emails).toEqual([
      expect.objectContaining({
        id: messageId,
        from: 'billing@harbour.example.com',
        replyTo: 'accounts@harbour.example.com',
        to: ['ap@customer.example.com'],
        subject: 'Invoice 1042 is 8 days overdue',
        text: 'Kia ora Zoë, invoice 1042 …',
        html: '<p>Kia ora Zoë, invoice 1042 …</p>',
        customArgs: { dunwise_action_id: 'act-1', invoice_id: 'inv-1042' },
      }),
    ]);
  });

  it('posts delivered events signed so that EventWebhook.verifySignature accepts them', async () => {
    const [response] = await mailer().send(message);
    await world.idle();
    expect(receiver.hooks).toHaveLength(1);
    const hook = receiver.hooks[0]!;
    const verifier = new EventWebhook();
    const publicKey = verifier.convertPublicKeyToECDSA(keys.webhookPublicKey);
    const signature = hook.headers[EventWebhookHeader.SIGNATURE().toLowerCase()] as string;
    const timestamp = hook.headers[EventWebhookHeader.TIMESTAMP().toLowerCase()] as string;
    expect(verifier.verifySignature(publicKey, hook.body, signature, timestamp)).toBe(true);
    expect(
      verifier.verifySignature(publicKey, hook.body.replace('delivered', 'bounce'), signature, timestamp),
    ).toBe(false);
    const messageId = messageIdOf(response);
    expect(events(hook)).toEqual([
      expect.objectContaining({ event: 'processed', email: 'ap@customer.example.com' }),
      expect.objectContaining({
        event: 'delivered',
        email: 'ap@customer.example.com',
        timestamp: Number(timestamp),
        dunwise_action_id: 'act-1',
        invoice_id: 'inv-1042',
        sg_message_id: expect.stringMatching(new RegExp(`^${messageId}\\.`)) as string,
      }),
    ]);
    expect(world.received.emails[0]?.status).toBe('delivered');
    expect(world.deliveries).toEqual([
      expect.objectContaining({ kind: 'sendgrid-event', status: 200, error: null }),
    ]);
  });

  it.each([
    ['bounce@customer.example.com', ['processed', 'bounce']],
    ['dropped@customer.example.com', ['dropped']],
    ['spamreport@customer.example.com', ['processed', 'delivered', 'spamreport']],
    ['unsubscribe@customer.example.com', ['processed', 'delivered', 'unsubscribe']],
  ])('scripts %s by its local part', async (to, expected) => {
    await mailer().send({ ...message, to });
    await world.idle();
    expect(events(receiver.hooks[0]!).map((e) => e['event'])).toEqual(expected);
    expect(world.received.emails[0]?.status).toBe(expected.at(-1));
  });

  it('drops later mail to an address that bounced, and honours scripted outcomes', async () => {
    world.sendgrid.outcomes.set('ap@customer.example.com', 'bounce');
    await mailer().send(message);
    await mailer().send(message);
    await world.idle();
    expect(receiver.hooks.map((h) => events(h).at(-1)?.['event'])).toEqual(['bounce', 'dropped']);
    expect(events(receiver.hooks[1]!).at(-1)).toMatchObject({ reason: 'Bounced Address' });
  });

  it('answers 401 with the real errors[] for a bad API key', async () => {
    const error = await failure(mailer('SG.wrong').send(message));
    expect(error.code).toBe(401);
    expect(error.response.body).toEqual({
      errors: [
        {
          message: 'The provided authorization grant is invalid, expired, or revoked',
          field: null,
          help: null,
        },
      ],
    });
    expect(world.received.emails).toEqual([]);
  });

  it('answers 403 when the from address is not a verified Sender Identity', async () => {
    const error = await failure(mailer().send({ ...message, from: 'billing@unverified.example.com' }));
    expect(error.code).toBe(403);
    expect(error.response.body.errors[0]).toMatchObject({ field: 'from' });
    expect(error.response.body.errors[0]?.message).toMatch(
      /^The from address does not match a verified Sender Identity/,
    );
  });

  it('answers 400 naming the field for a malformed recipient or a missing subject', async () => {
    const bad = await failure(mailer().send({ ...message, to: 'not-an-address' }));
    expect(bad.code).toBe(400);
    expect(bad.response.body.errors).toEqual([
      expect.objectContaining({
        field: 'personalizations.0.to.0.email',
        message: 'Does not contain a valid address.',
      }),
    ]);
    const noSubject = await failure(mailer().send({ ...message, subject: undefined as unknown as string }));
    expect(noSubject.response.body.errors.map((e) => e.field)).toEqual(['subject']);
  });

  it('answers 400 for a body that is not JSON, and 405 for the wrong method', async () => {
    const post = await fetch(`${server.url}/sendgrid/v3/mail/send`, {
      method: 'POST',
      headers: { authorization: 'Bearer SG.test-key', 'content-type': 'application/json' },
      body: '{"personalizations": [',
    });
    expect([post.status, await post.json()]).toEqual([
      400,
      { errors: [{ message: 'Bad Request', field: null, help: null }] },
    ]);
    const get = await fetch(`${server.url}/sendgrid/v3/mail/send`, {
      headers: { authorization: 'Bearer SG.test-key' },
    });
    expect(get.status).toBe(405);
  });

  it('injects faults: a 429 once, then sends again', async () => {
    world.faults.push({ target: 'sendgrid', kind: 'rate-limit', remaining: 1 });
    const limited = await failure(mailer().send(message));
    expect(limited.code).toBe(429);
    const [ok] = await mailer().send(message);
    expect(ok.statusCode).toBe(202);
  });

  it('never lets a dead webhook endpoint break sending', async () => {
    world.apps.sendgrid.webhookUrl = 'http://127.0.0.1:9/unreachable';
    const [ok] = await mailer().send(message);
    await world.idle();
    expect(ok.statusCode).toBe(202);
    expect(world.deliveries[0]).toMatchObject({ status: null, error: expect.any(String) as string });
  });
});
