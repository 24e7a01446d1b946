import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createSandboxApp } from '../../sandbox/app.js';
import { generateCompany } from '../../sandbox/books/generate.js';
import { generateApps } from '../../sandbox/server.js';
import { SandboxWorld } from '../../sandbox/world.js';
import { buildDueCompany, fleetCompanyId, STEP_CHANNELS, type DueCustomer } from '../cadence/tick-books.js';
import { serveParent } from './ipc.js';
import type {
  FleetBooks,
  FleetSandboxRequest,
  FleetSandboxStarted,
  ReceivedSummary,
} from './fleet-protocol.js';
import { createTrafficCounter } from './fleet-traffic.js';

/**
 * The provider side of the multi-worker benches, in its own process: serves many companies (QuickBooks realms and
 * Xero tenants) with the sandbox's real limits, plus SendGrid and Twilio, and counts per provider what it answered.
 * A second tiny server stands in for APP_URL, so the status callbacks SendGrid/Twilio send have somewhere to land.
 */
const traffic = createTrafficCounter();
let world: SandboxWorld | null = null;
const due: DueCustomer[] = [];

serveParent(async (raw) => {
  const request = raw as FleetSandboxRequest;
  switch (request.type) {
    case 'start':
      return start(request.books);
    case 'traffic':
      return traffic.snapshot();
    case 'reset-traffic':
      traffic.reset();
      return null;
    case 'received':
      return received();
  }
});

async function start(books: FleetBooks): Promise<FleetSandboxStarted> {
  const apps = generateApps();
  world = new SandboxWorld(apps, () => Date.now());
  // Dunwise sends as reminders@dunwise.local when APP_URL is an address, not a domain: verified, as in the demo.
  world.sendgrid.verifiedSenders.add('dunwise.local');
  let invoices = 0;
  for (let index = 0; index < books.organisations; index++) {
    if (books.kind === 'due') {
      const built = buildDueCompany(index, books.customersPerOrganisation, books.localDate, books.region);
      world.addCompany(built.company);
      due.push(...built.due);
      invoices += built.company.invoices.length;
    } else {
      const ref = fleetCompanyId(index);
      const xero = ref.provider === 'xero';
      const company = generateCompany({
        ...ref,
        name: `Fleet Client ${index + 1}`,
        country: xero ? 'NZ' : 'US',
        currency: xero ? 'NZD' : 'USD',
        timeZone: xero ? 'Pacific/Auckland' : 'America/Chicago',
        seed: index + 1,
        // Small books, 20–50 invoices each.
        invoices: 20 + ((index * 7) % 31),
        asOf: books.asOf,
      });
      world.addCompany(company);
      invoices += company.invoices.filter((i) => i.status !== 'deleted').length;
    }
  }
  const app = express();
  app.use(traffic.middleware);
  app.use(createSandboxApp(world, { appClock: () => Date.now() }));
  const url = await listen(app);
  const appUrl = await listen((_req: unknown, res: { statusCode: number; end(): void }) => {
    res.statusCode = 204;
    res.end();
  });
  return {
    url,
    appUrl,
    apps,
    companies: [...world.companies.values()].map((c) => ({ provider: c.provider, id: c.id })),
    invoices,
  };
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Every email, SMS and call received, attributed to its customer by recipient, against the steps made due. */
function received(): ReceivedSummary {
  const w = world;
  if (!w) throw new Error('fleet sandbox: not started');
  const byEmail = new Map(due.map((d) => [d.email, d]));
  const byMobile = new Map(due.map((d) => [d.mobile, d]));
  const counts = new Map<string, number>();
  let unexpected = 0;
  const count = (customer: DueCustomer | undefined, channel: 'email' | 'sms' | 'call') => {
    if (!customer || !STEP_CHANNELS[customer.step]?.includes(channel)) {
      unexpected += 1;
      return;
    }
    const key = `${customer.key}|${channel}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const email of w.received.emails) for (const to of email.to) count(byEmail.get(to), 'email');
  for (const sms of w.received.sms) count(byMobile.get(sms.to), 'sms');
  for (const call of w.received.calls) count(byMobile.get(call.to), 'call');

  let duplicatePairs = 0;
  let duplicateMessages = 0;
  let missingPairs = 0;
  const completeByStep: Record<string, number> = {};
  for (const customer of due) {
    let complete = true;
    for (const channel of STEP_CHANNELS[customer.step] ?? []) {
      const n = counts.get(`${customer.key}|${channel}`) ?? 0;
      if (n === 0) missingPairs += 1;
      if (n > 1) {
        duplicatePairs += 1;
        duplicateMessages += n - 1;
      }
      if (n !== 1) complete = false;
    }
    if (complete) completeByStep[customer.step] = (completeByStep[customer.step] ?? 0) + 1;
  }
  const perSenderSecond = new Map<string, number>();
  for (const sms of w.received.sms) {
    const key = `${sms.from}|${Math.floor(sms.at / 1000)}`;
    perSenderSecond.set(key, (perSenderSecond.get(key) ?? 0) + 1);
  }
  return {
    emails: w.received.emails.reduce((n, e) => n + e.to.length, 0),
    sms: w.received.sms.length,
    calls: w.received.calls.length,
    duplicatePairs,
    duplicateMessages,
    missingPairs,
    unexpected,
    completeByStep,
    peakSmsPerSenderSecond: Math.max(0, ...perSenderSecond.values()),
  };
}
