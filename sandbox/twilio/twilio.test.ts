import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  serveRouters,
  startReceiver,
  testApps,
  type Listening,
  type ReceivedHook,
} from '../control/test-support.js';
import { SandboxWorld } from '../world.js';
import { receiveReply } from './inbound.js';
import { createTwilioSandbox } from './router.js';

const apps = testApps();
const { accountSid, authToken } = apps.twilio;
const FROM = '+15005550006';
const MOBILE = '+64215550101';
const LANDLINE = '+6493001234';

let world: SandboxWorld;
let server: Listening;
let receiver: Listening & { hooks: ReceivedHook[] };

function client(token = authToken): twilio.Twilio {
  const c = twilio(accountSid, token);
  // Every domain object resolves URLs against its own baseUrl; Messages and Calls live on `api`.
  c.api.baseUrl = `${server.url}/twilio`;
  return c;
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number; code: number; message: string; moreInfo: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; code: number; message: string; moreInfo: string };
  }
  throw new Error('expected Twilio to refuse');
}

function form(hook: ReceivedHook): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(hook.body));
}

function isSignedFor(hook: ReceivedHook): boolean {
  const url = `${receiver.url}${hook.path}`;
  return twilio.validateRequest(authToken, hook.headers['x-twilio-signature'] as string, url, form(hook));
}

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

beforeEach(async () => {
  world = new SandboxWorld(testApps({ twilio: { accountSid, authToken, inboundSmsUrl: null } }));
  world.twilio.landlines.add(LANDLINE);
  receiver.hooks.length = 0;
  server = await serveRouters(createTwilioSandbox(world));
});
afterEach(async () => {
  await world.idle();
  await server.close();
});

describe('Twilio Messages driven by the twilio client', () => {
  it('creates a message: 201 with an SM sid and the real fields, then fetches it', async () => {
    const message = await client().messages.create({
      to: MOBILE,
      from: FROM,
      body: 'Kia ora Zoë, invoice INV-0042 is overdue.',
    });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message).toMatchObject({
      accountSid,
      to: MOBILE,
      from: FROM,
      status: 'queued',
      direction: 'outbound-api',
      numSegments: '1',
      apiVersion: '2010-04-01',
    });
    expect(message.dateCreated).toBeInstanceOf(Date);
    const fetched = await client().messages(message.sid).fetch();
    expect([fetched.sid, fetched.status]).toEqual([message.sid, 'delivered']);
    expect(world.received.sms).toEqual([
      expect.objectContaining({
        sid: message.sid,
        to: MOBILE,
        body: 'Kia ora Zoë, invoice INV-0042 is overdue.',
      }),
    ]);
  });

  it('posts sent and delivered status callbacks signed as validateRequest expects', async () => {
    const message = await client().messages.create({
      to: MOBILE,
      from: FROM,
      body: 'Reminder',
      statusCallback: `${receiver.url}/webhooks/twilio/status?org=7`,
    });
    await world.idle();
    expect(receiver.hooks.map((h) => form(h)['MessageStatus'])).toEqual(['sent', 'delivered']);
    expect(receiver.hooks.every(isSignedFor)).toBe(true);
    expect(form(receiver.hooks[1]!)).toMatchObject({
      MessageSid: message.sid,
      To: MOBILE,
      From: FROM,
      AccountSid: accountSid,
    });
    const tampered = { ...form(receiver.hooks[1]!), MessageStatus: 'failed' };
    expect(
      twilio.validateRequest(
        authToken,
        receiver.hooks[1]!.headers['x-twilio-signature'] as string,
        `${receiver.url}${receiver.hooks[1]!.path}`,
        tampered,
      ),
    ).toBe(false);
  });

  it.each([
    ['12345', 21211],
    ['(415) 555-0142', 21211],
    [LANDLINE, 21614],
  ])('refuses %s with code %i in Twilio’s error shape', async (to, code) => {
    const error = await failure(client().messages.create({ to, from: FROM, body: 'x' }));
    expect([error.status, error.code, error.moreInfo]).toEqual([
      400,
      code,
      `https://www.twilio.com/docs/errors/${code}`,
    ]);
    expect(world.received.sms).toEqual([]);
  });

  it('refuses bad credentials with 401 / 20003', async () => {
    const error = await failure(client('wrong-token').messages.create({ to: MOBILE, from: FROM, body: 'x' }));
    expect([error.status, error.code]).toEqual([401, 20003]);
  });

  it('after STOP refuses with 21610 until START, and forwards the replies signed', async () => {
    world.apps.twilio.inboundSmsUrl = `${receiver.url}/webhooks/twilio/inbound`;
    await client().messages.create({ to: MOBILE, from: FROM, body: 'Reminder 1' });
    receiveReply(world, { from: MOBILE, body: 'stop' });
    const blocked = await failure(client().messages.create({ to: MOBILE, from: FROM, body: 'Reminder 2' }));
    expect([blocked.status, blocked.code]).toEqual([400, 21610]);
    receiveReply(world, { from: MOBILE, body: 'HELP' });
    receiveReply(world, { from: MOBILE, body: 'START' });
    const again = await client().messages.create({ to: MOBILE, from: FROM, body: 'Reminder 3' });
    expect(again.status).toBe('queued');
    await world.idle();
    const inbound = receiver.hooks.map(form);
    expect(inbound.map((p) => [p['From'], p['To'], p['Body'], p['OptOutType']])).toEqual([
      [MOBILE, FROM, 'stop', 'STOP'],
      [MOBILE, FROM, 'HELP', 'HELP'],
      [MOBILE, FROM, 'START', 'START'],
    ]);
    expect(receiver.hooks.every(isSignedFor)).toBe(true);
    expect(inbound[0]!['MessageSid']).toMatch(/^SM/);
  });

  it('counts UCS-2 segments for non-GSM text', async () => {
    const long = await client().messages.create({ to: MOBILE, from: FROM, body: 'Zoë '.repeat(30) });
    expect(long.numSegments).toBe('2');
  });

  it('injects a 429 storm then recovers', async () => {
    world.faults.push({ target: 'twilio', kind: 'rate-limit', remaining: 2 });
    for (let i = 0; i < 2; i++)
      expect((await failure(client().messages.create({ to: MOBILE, from: FROM, body: 'x' }))).status).toBe(
        429,
      );
    expect((await client().messages.create({ to: MOBILE, from: FROM, body: 'x' })).status).toBe('queued');
  });
});

describe('Twilio Calls driven by the twilio client', () => {
  const events = ['initiated', 'ringing', 'answered', 'completed'];

  it('answered by a person: 201 CA sid, progress callbacks with AnsweredBy and CallDuration', async () => {
    const call = await client().calls.create({
      to: MOBILE,
      from: FROM,
      twiml: '<Response><Say>Your invoice is overdue.</Say></Response>',
      machineDetection: 'Enable',
      statusCallback: `${receiver.url}/webhooks/twilio/call`,
      statusCallbackEvent: events,
    });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe('queued');
    await world.idle();
    const callbacks = receiver.hooks.map(form);
    expect(callbacks.map((p) => p['CallStatus'])).toEqual(['queued', 'ringing', 'in-progress', 'completed']);
    expect(callbacks.at(-1)).toMatchObject({ CallSid: call.sid, AnsweredBy: 'human', CallDuration: '42' });
    expect(receiver.hooks.every(isSignedFor)).toBe(true);
    const fetched = await client().calls(call.sid).fetch();
    expect([fetched.status, fetched.answeredBy, fetched.duration]).toEqual(['completed', 'human', '42']);
  });

  it('answered by a machine, fetching TwiML from Url', async () => {
    world.twilio.callOutcomes.set(MOBILE, 'machine');
    await client().calls.create({
      to: MOBILE,
      from: FROM,
      url: `${receiver.url}/voice/twiml`,
      machineDetection: 'DetectMessageEnd',
      statusCallback: `${receiver.url}/webhooks/twilio/call`,
    });
    await world.idle();
    const [twimlRequest, completed] = receiver.hooks;
    expect(twimlRequest?.path).toBe('/voice/twiml');
    expect(isSignedFor(twimlRequest!)).toBe(true);
    expect(form(completed!)).toMatchObject({
      CallStatus: 'completed',
      AnsweredBy: 'machine_end_beep',
      CallDuration: '25',
    });
  });

  it.each([
    ['no-answer', 'no-answer'],
    ['busy', 'busy'],
    ['failed', 'failed'],
  ] as const)('scripted %s ends with that status and no duration', async (outcome, status) => {
    world.twilio.callOutcomes.set(MOBILE, outcome);
    await client().calls.create({
      to: MOBILE,
      from: FROM,
      twiml: '<Response/>',
      statusCallback: `${receiver.url}/call`,
    });
    await world.idle();
    expect(receiver.hooks.map(form)).toEqual([
      expect.objectContaining({ CallStatus: status, CallDuration: '0' }),
    ]);
    expect(world.received.calls[0]).toMatchObject({ status, duration: 0, answeredBy: null });
  });

  it('refuses an invalid number with 21211, and a missing Url/Twiml', async () => {
    expect(
      (await failure(client().calls.create({ to: '12345', from: FROM, twiml: '<Response/>' }))).code,
    ).toBe(21211);
    const raw = await fetch(`${server.url}/twilio/2010-04-01/Accounts/${accountSid}/Calls.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: MOBILE, From: FROM }).toString(),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ code: 21205, status: 400 });
  });

  it('404s an unknown call in Twilio’s shape', async () => {
    const error = await failure(client().calls('CA00000000000000000000000000000000').fetch());
    expect([error.status, error.code]).toEqual([404, 20404]);
  });
});
