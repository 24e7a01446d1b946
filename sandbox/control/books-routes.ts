import express, { type Request, type Router } from 'express';
import {
  companyToday,
  findCompany,
  applyCredit,
  createInvoice,
  deleteInvoice,
  deletePayment,
  payInvoice,
  voidInvoice,
} from '../books/mutate.js';
import { findInvoice } from '../books/build.js';
import type { Company, Invoice } from '../books/types.js';
import type { SandboxWorld } from '../world.js';
import { act } from './respond.js';
import { ApplyCreditBody, CreateInvoiceBody, InvoiceQuery, PayBody } from './schemas.js';

export interface CompanySummary {
  id: string;
  provider: Company['provider'];
  name: string;
  country: string;
  currency: string;
  timeZone: string;
  today: string;
  invoices: number;
  open: number;
  overdue: number;
  customers: number;
}

export function summarize(world: SandboxWorld, company: Company): CompanySummary {
  const today = companyToday(world, company);
  let open = 0;
  let overdue = 0;
  for (const invoice of company.invoices) {
    if (invoice.status !== 'open') continue;
    open++;
    if (invoice.dueDate < today) overdue++;
  }
  return {
    id: company.id,
    provider: company.provider,
    name: company.name,
    country: company.country,
    currency: company.currency,
    timeZone: company.timeZone,
    today,
    invoices: company.invoices.length,
    open,
    overdue,
    customers: company.customers.length,
  };
}

/** Invoices with their customer's name, most overdue first when filtering on overdue. */
export function listInvoices(
  world: SandboxWorld,
  company: Company,
  query: ReturnType<typeof InvoiceQuery.parse>,
) {
  const today = companyToday(world, company);
  const out: (Invoice & { customerName: string })[] = [];
  const matches = (i: Invoice) =>
    (!query.status || i.status === query.status) &&
    (!query.customerId || i.customerId === query.customerId) &&
    (query.overdue === undefined ||
      (query.overdue === 'true') === (i.status === 'open' && i.dueDate < today));
  for (const invoice of company.invoices) {
    if (!matches(invoice)) continue;
    out.push({
      ...invoice,
      customerName: company.index.customers.get(invoice.customerId)?.displayName ?? '',
    });
    if (out.length >= query.limit) break;
  }
  if (query.overdue === 'true') out.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return out;
}

const param = (req: Request, name: string): string => String(req.params[name]);

/** Changes to the books, as a user would make them in QuickBooks or Xero. */
export function booksRoutes(world: SandboxWorld): Router {
  const router = express.Router();
  const company = (req: Request) => findCompany(world, param(req, 'companyId'));
  router.get(
    '/sandbox/companies',
    act(() => [...world.companies.values()].map((c) => summarize(world, c))),
  );
  router.get(
    '/sandbox/companies/:companyId',
    act((req) => summarize(world, company(req))),
  );
  router.get(
    '/sandbox/companies/:companyId/customers',
    act((req) => company(req).customers.slice(0, 1000)),
  );
  router.get(
    '/sandbox/companies/:companyId/invoices',
    act((req) => listInvoices(world, company(req), InvoiceQuery.parse(req.query))),
  );
  router.get(
    '/sandbox/companies/:companyId/invoices/:invoiceId',
    act((req) => invoiceDetail(company(req), param(req, 'invoiceId'))),
  );
  router.post(
    '/sandbox/companies/:companyId/invoices',
    act((req) => createInvoice(world, company(req), CreateInvoiceBody.parse(req.body))),
  );
  router.post(
    '/sandbox/companies/:companyId/invoices/:invoiceId/pay',
    act((req) =>
      payInvoice(world, company(req), param(req, 'invoiceId'), PayBody.parse(req.body ?? {}).amountCents),
    ),
  );
  router.post(
    '/sandbox/companies/:companyId/invoices/:invoiceId/void',
    act((req) => voidInvoice(world, company(req), param(req, 'invoiceId'))),
  );
  router.post(
    '/sandbox/companies/:companyId/invoices/:invoiceId/delete',
    act((req) => deleteInvoice(world, company(req), param(req, 'invoiceId'))),
  );
  router.post(
    '/sandbox/companies/:companyId/payments/:paymentId/delete',
    act((req) => deletePayment(world, company(req), param(req, 'paymentId'))),
  );
  router.post(
    '/sandbox/companies/:companyId/credit-notes/:creditNoteId/apply',
    act((req) => {
      const body = ApplyCreditBody.parse(req.body ?? {});
      return applyCredit(world, company(req), param(req, 'creditNoteId'), body.invoiceId, body.amountCents);
    }),
  );
  return router;
}

/** One invoice with the payments applied to it, for inspection. */
function invoiceDetail(company: Company, invoiceId: string) {
  const invoice = findInvoice(company, invoiceId);
  const payments = company.payments.filter((p) => p.applications.some((a) => a.invoiceId === invoiceId));
  return { ...invoice, payments };
}
