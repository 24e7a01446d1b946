import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { serveRouters, testApps, type Listening } from '../../sandbox/control/test-support.js';
import { createSendGridSandbox, generateWebhookKeys } from '../../sandbox/sendgrid/index.js';
import { createTwilioSandbox, signTwilioRequest } from '../../sandbox/twilio/index.js';
import { SandboxWorld } from '../../sandbox/world.js';
import type { Config } from '../../server/config.js';
import type { Db } from '../../server/db/connect.js';
import { useTestDatabase } from '../../test/db.js';
import { buildOrganisation } from '../../test/factories.js';
import type { RenderedMessages } from '../templates/index.js';
import { recordSendOutcome } from './deliveries.js';
import type { ChannelDeps } from './deps.js';
import { channelWebhookRouters, createChannelSenders } from './senders.js';
import type { ChannelName, ChannelSenders, OutgoingMessage } from './types.js';

/**
 * Test support for the channels: a real Postgres, the sandbox's SendGrid and Twilio on one port, and the app's
 * webhook routers on another (mounted under /webhooks behind express.raw, as server/app.ts does), with the real
 * SDKs in between. The clock is fixed at a time inside 08:00–21:00 for New York customers.
 */
export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = 'test-auth-token';
export const FROM_NUMBER = '+15005550006';
export const BUSINESS_PHONE = '+12125550199';
/** 10:00 in New York, 15:00 UTC. */
export const NOON_NEW_YORK = new Date('2026-12-03T15:00:00Z');

export interface Harness {
  readonly db: Db;
  readonly world: SandboxWorld;
  readonly appUrl: string;
  readonly config: Pick<Config, 'appUrl' | 'sendgrid' | 'twilio'>;
  readonly deps: ChannelDeps;
  readonly senders: ChannelSenders;
  clock: { now: Date };
  /** Posts a form to the app's webhook at `path`, signed as Twilio signs it (or with `signature`). */
  postTwilio(path: string, params: Record<string, string>, signature?: string): Promise<Response>;
}

export function useChannelHarness(): Harness {
  const database = useTestDatabase();
  const keys = generateWebhookKeys();
  const clock = { now: NOON_NEW_YORK };
  const log = pino({ level: process.env['CHANNELS_TEST_LOG'] ?? 'silent' });
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const state: {
    app?: { url: string; close(): Promise<void> };
    sandbox?: Listening;
    world?: SandboxWorld;
    senders?: ChannelSenders;
    config?: Harness['config'];
  } = {};

  beforeAll(async () => {
    const server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    state.app = {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  });
  afterAll(() => state.app?.close());

  beforeEach(async () => {
    const appUrl = state.app!.url;
    const world = new SandboxWorld(
      testApps({
        sendgrid: { apiKey: 'SG.test-key', ...keys, webhookUrl: `${appUrl}/webhooks/sendgrid` },
        twilio: {
          accountSid: ACCOUNT_SID,
          authToken: AUTH_TOKEN,
          inboundSmsUrl: `${appUrl}/webhooks/twilio/sms`,
        },
      }),
    );
    world.sendgrid.verifiedSenders.add('dunwise.local');
    world.sendgrid.verifiedSenders.add('harbour.example.com');
    const sandbox = await serveRouters(createSendGridSandbox(world), createTwilioSandbox(world));
    const config: Harness['config'] = {
      appUrl,
      sendgrid: {
        apiKey: 'SG.test-key',
        webhookPublicKey: keys.webhookPublicKey,
        apiUrl: `${sandbox.url}/sendgrid`,
      },
      twilio: {
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        fromNumber: FROM_NUMBER,
        messagingServiceSid: null,
        apiUrl: `${sandbox.url}/twilio`,
      },
    };
    const deps: ChannelDeps = { db: database.db, log, now: () => clock.now };
    handler = webhookApp(channelWebhookRouters(deps, config));
    Object.assign(state, { sandbox, world, config, senders: createChannelSenders(deps, config) });
    clock.now = NOON_NEW_YORK;
  });
  afterEach(async () => {
    await state.world?.idle();
    await state.sandbox?.close();
  });

  return {
    get db() {
      return database.db;
    },
    get world() {
      return state.world!;
    },
    get appUrl() {
      return state.app!.url;
    },
    get config() {
      return state.config!;
    },
    get deps() {
      return { db: database.db, log, now: () => clock.now };
    },
    get senders() {
      return state.senders!;
    },
    clock,
    postTwilio(path, params, signature) {
      const url = `${state.app!.url}${path}`;
      return fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature ?? signTwilioRequest(AUTH_TOKEN, url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
    },
  };
}

/** The webhook part of server/app.ts: raw bodies under /webhooks. */
export function webhookApp(routers: express.Router[], trustProxy = 1): express.Express {
  const app = express();
  app.set('trust proxy', trustProxy);
  const webhooks = express.Router();
  webhooks.use(express.raw({ type: () => true, limit: '1mb' }));
  for (const router of routers) webhooks.use(router);
  app.use('/webhooks', webhooks);
  return app;
}

export interface Scene {
  organisationId: string;
  customerId: string;
  touchpointId: string;
}

/** An organisation in New York with one customer, its contacts and one overdue invoice on a touchpoint. */
export async function buildScene(
  db: Db,
  options: {
    email?: string;
    phone?: string;
    customerZone?: string | null;
    country?: string;
    language?: 'en' | 'fr';
    localDate?: string;
  } = {},
): Promise<Scene & { invoiceId: string }> {
  const org = await buildOrganisation(db, { name: 'Harbour Plumbing', timeZone: 'America/New_York' });
  const customer = await db
    .insertInto('customer')
    .values({
      organisation_id: org.id,
      external_id: `c-${Math.random().toString(36).slice(2)}`,
      name: 'Łukasiewicz & Zoë Ltd',
      country: options.country ?? 'US',
      time_zone: options.customerZone === undefined ? 'America/New_York' : options.customerZone,
      language: options.language ?? 'en',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contacts = [
    ...(options.email ? [{ kind: 'email' as const, value: options.email }] : []),
    ...(options.phone ? [{ kind: 'phone' as const, value: options.phone }] : []),
  ];
  if (contacts.length > 0) {
    await db
      .insertInto('contact')
      .values(contacts.map((c) => ({ organisation_id: org.id, customer_id: customer.id, name: 'Zoë', ...c })))
      .execute();
  }
  const invoice = await db
    .insertInto('invoice')
    .values({
      organisation_id: org.id,
      external_id: `i-${Math.random().toString(36).slice(2)}`,
      customer_external_id: 'c',
      customer_id: customer.id,
      number: 'INV-1042',
      currency: 'USD',
      total: '1234.5600',
      amount_due: '1234.5600',
      due_date: '2026-11-19',
      status: 'open',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const touchpoint = await buildTouchpoint(
    db,
    org.id,
    customer.id,
    options.localDate ?? '2026-12-03',
    options.language,
  );
  await db
    .insertInto('touchpoint_invoice')
    .values({
      touchpoint_id: touchpoint,
      invoice_id: invoice.id,
      organisation_id: org.id,
      step: 2,
      amount_due: '1234.5600',
      currency: 'USD',
    })
    .execute();
  return { organisationId: org.id, customerId: customer.id, touchpointId: touchpoint, invoiceId: invoice.id };
}

export async function buildTouchpoint(
  db: Db,
  organisationId: string,
  customerId: string,
  localDate: string,
  language: 'en' | 'fr' = 'en',
): Promise<string> {
  const row = await db
    .insertInto('touchpoint')
    .values({
      organisation_id: organisationId,
      customer_id: customerId,
      step: 2,
      local_date: localDate,
      planned_at: NOON_NEW_YORK,
      status: 'sending',
      tone: 'curious',
      language,
      channels: ['email', 'sms', 'call'],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The row the runner creates before calling a sender. */
export async function buildDelivery(
  db: Db,
  scene: Scene,
  channel: ChannelName,
  recipient: string,
): Promise<string> {
  const row = await db
    .insertInto('delivery')
    .values({
      organisation_id: scene.organisationId,
      touchpoint_id: scene.touchpointId,
      channel,
      recipient,
      status: 'sending',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const RENDERED: RenderedMessages = {
  email: {
    subject: 'Invoice INV-1042 from Harbour Plumbing: is anything holding it up?',
    text: 'Hello Zoë, invoice INV-1042 for $1,234.56 is 14 days past its due date.',
    html: '<p>Hello Zoë, invoice INV-1042 for $1,234.56 is 14 days past its due date.</p>',
  },
  sms: {
    body: 'Harbour Plumbing: invoice INV-1042 for $1,234.56 is overdue. Reply STOP to opt out.',
    length: 82,
    segments: 1,
    encoding: 'GSM-7',
    usedFallback: false,
  },
  voice: {
    say: [
      'Hello. This is an automated call from Harbour Plumbing, about an overdue invoice.',
      'Invoice 1 0 4 2, for 1,234 dollars and 56 cents, was due on November 19.',
      'To speak to someone at Harbour Plumbing now, press 1. Thank you, goodbye.',
    ],
    languageTag: 'en-US',
  },
  call_task: { script: 'Hello, this is [your name] from Harbour Plumbing. May I speak to Zoë?' },
};

/** What the runner hands a sender, for a delivery already created. */
export function outgoing<C extends ChannelName>(
  scene: Scene,
  deliveryId: string,
  channel: C,
  to: string,
  extra: Partial<OutgoingMessage<C>> = {},
): OutgoingMessage<C> {
  const rendered = {
    email: RENDERED.email,
    sms: RENDERED.sms,
    call: RENDERED.voice,
    call_task: RENDERED.call_task,
  }[channel] as OutgoingMessage<C>['rendered'];
  return {
    organisationId: scene.organisationId,
    touchpointId: scene.touchpointId,
    deliveryId,
    customerId: scene.customerId,
    channel,
    to,
    sender: {
      name: 'Harbour Plumbing',
      replyTo: 'accounts@harbour.example.com',
      phone: null,
      businessPhone: BUSINESS_PHONE,
    },
    language: 'en',
    rendered,
    ...extra,
  };
}

/** Sends as the runner would: create the delivery, call the sender, record the outcome. */
export async function sendAsRunner<C extends ChannelName>(
  h: Harness,
  scene: Scene,
  channel: C,
  to: string,
  extra: Partial<OutgoingMessage<C>> = {},
) {
  const deliveryId = await buildDelivery(h.db, scene, channel, to);
  const sender = h.senders[channel];
  if (!sender) throw new Error(`no ${channel} sender`);
  const outcome = await sender.send(outgoing(scene, deliveryId, channel, to, extra));
  await recordSendOutcome(h.db, deliveryId, outcome, h.clock.now);
  return { deliveryId, outcome };
}

export async function deliveryRow(db: Db, id: string) {
  return db.selectFrom('delivery').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
