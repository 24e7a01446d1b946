import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createSandboxApp } from '../../sandbox/app.js';
import { generateCompany } from '../../sandbox/books/generate.js';
import { payInvoice } from '../../sandbox/books/mutate.js';
import type { Company } from '../../sandbox/books/types.js';
import { generateApps } from '../../sandbox/server.js';
import { SandboxWorld } from '../../sandbox/world.js';
import { createXeroSandbox } from '../../sandbox/xero/index.js';
import { XERO_APP } from '../../sandbox/xero/testing/world.js';
import { ownCpuMs } from './cpu.js';
import { serveParent } from './ipc.js';
import type { BookTruth, SandboxRequest, SandboxStarted } from './protocol.js';

/**
 * The provider side of the sync bench, in its own process so that its memory (the whole generated book) never
 * counts as Dunwise's. Serves one generated book over HTTP and counts the API requests it answers; the parent
 * asks it for the book's truth and to pay invoices (the day's changes).
 *
 * Both providers are served with their per-minute limits lifted (Xero's 60/min would make a 100k sync last
 * minutes of waiting, QuickBooks' 500/min a 1M one): the bench measures Dunwise's work and call count, not the
 * throttle; the minutes a provider's limit takes for those calls are worked out beside the numbers.
 */
const QUICKBOOKS_REALM = '9341455130188547';
const XERO_TENANT = '0b7c2d4e-6f81-4a93-b5c7-d9e1f3a5b7c9';

let company: Company | null = null;
let world: SandboxWorld | null = null;
let apiCalls = 0;

serveParent(async (raw) => {
  const request = raw as SandboxRequest;
  switch (request.type) {
    case 'start':
      return start(request);
    case 'pay':
      return pay(request.count);
    case 'truth':
      return truth(requireCompany());
    case 'api-calls':
      return apiCalls;
    case 'cpu':
      return ownCpuMs();
  }
});

async function start(request: Extract<SandboxRequest, { type: 'start' }>): Promise<SandboxStarted> {
  const xero = request.provider === 'xero';
  const apps = generateApps(xero ? { xero: { ...XERO_APP, webhookUrl: null } } : {});
  world = new SandboxWorld(apps, () => Date.now());
  company = generateCompany({
    id: xero ? XERO_TENANT : QUICKBOOKS_REALM,
    provider: request.provider,
    name: xero ? 'Bench Joinery Ltd' : 'Bench Books Inc.',
    country: xero ? 'NZ' : 'US',
    currency: xero ? 'NZD' : 'USD',
    timeZone: xero ? 'Pacific/Auckland' : 'America/Chicago',
    seed: request.seed,
    invoices: request.invoices,
    asOf: request.asOf,
  });
  world.addCompany(company);

  const app = express();
  const apiPrefix = xero ? '/xero/api/api.xro/' : '/quickbooks/v3/';
  app.use((req, _res, next) => {
    if (req.path.startsWith(apiPrefix)) apiCalls += 1;
    next();
  });
  if (xero) {
    app.use(
      createXeroSandbox(world, {
        limits: { perMinute: 1_000_000, perDay: 1_000_000, concurrent: 5, appPerMinute: 1_000_000 },
      }),
    );
  } else {
    app.use(createSandboxApp(world, { appClock: () => Date.now(), quickbooksRequestsPerMinute: 1_000_000 }));
  }
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const registered = xero ? apps.xero : apps.quickbooks;
  return {
    url,
    provider: request.provider,
    companyId: company.id,
    asOf: request.asOf,
    app: {
      clientId: registered.clientId,
      clientSecret: registered.clientSecret,
      webhookKey: 'webhookKey' in registered ? registered.webhookKey : registered.webhookVerifier,
    },
    truth: truth(company),
  };
}

/** Pays the first `count` open invoices in full, as customers would between two hourly syncs. */
function pay(count: number): number {
  const books = requireCompany();
  const chosen = books.invoices.filter((i) => i.status === 'open' && i.amountDueCents > 0).slice(0, count);
  for (const invoice of chosen) payInvoice(world!, books, invoice.id);
  return chosen.length;
}

function truth(books: Company): BookTruth {
  const openCentsByCurrency: Record<string, number> = {};
  let listed = 0;
  let open = 0;
  for (const invoice of books.invoices) {
    if (invoice.status === 'deleted') continue;
    listed += 1;
    if (invoice.status !== 'open') continue;
    open += 1;
    openCentsByCurrency[invoice.currency] =
      (openCentsByCurrency[invoice.currency] ?? 0) + invoice.amountDueCents;
  }
  return {
    invoices: listed,
    openInvoices: open,
    openCentsByCurrency,
    customers: books.customers.length,
    payments: books.payments.length,
  };
}

function requireCompany(): Company {
  if (!company) throw new Error('sandbox child: not started');
  return company;
}
