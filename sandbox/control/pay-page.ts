import express, { type Request, type Response, type Router } from 'express';
import { BooksError } from '../books/books-error.js';
import { findInvoice } from '../books/build.js';
import { findCompany, payInvoice } from '../books/mutate.js';
import type { Company } from '../books/types.js';
import type { SandboxWorld } from '../world.js';
import { escapeHtml, formatCents } from './page.js';

/**
 * The customer's "Pay now" page: what an invoice's online payment link (QuickBooks InvoiceLink, Xero online
 * invoice) opens. Paying here records a payment in the books, so the demo shows a reminder's link closing the
 * loop: paid invoice, provider webhook, no more reminders.
 */
export function payLink(baseUrl: string, company: Company, invoiceId: string): string {
  return `${baseUrl}/sandbox/pay/${encodeURIComponent(company.id)}/${encodeURIComponent(invoiceId)}`;
}

/** Gives every invoice of the company an online payment link to the sandbox's pay page. */
export function addPayLinks(baseUrl: string, company: Company): void {
  for (const invoice of company.invoices) invoice.payUrl = payLink(baseUrl, company, invoice.id);
}

function render(res: Response, status: number, title: string, body: string): void {
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
        `<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto}button{font-size:1.1rem}</style>` +
        `</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    );
}

function show(world: SandboxWorld, req: Request, res: Response): void {
  try {
    const company = findCompany(world, String(req.params['companyId']));
    const invoice = findInvoice(company, String(req.params['invoiceId']));
    const customer = company.index.customers.get(invoice.customerId);
    const due = formatCents(invoice.amountDueCents, invoice.currency);
    const summary = `<p>${escapeHtml(company.name)} · invoice ${escapeHtml(invoice.number)} for ${escapeHtml(customer?.displayName ?? '')}</p>`;
    if (invoice.status !== 'open') {
      return render(
        res,
        200,
        `Invoice ${invoice.number} is ${invoice.status}`,
        `${summary}<p>Nothing to pay. Thank you!</p>`,
      );
    }
    render(
      res,
      200,
      `Pay invoice ${invoice.number}`,
      `${summary}<p>Due ${escapeHtml(invoice.dueDate)}: <strong>${escapeHtml(due)}</strong></p>` +
        `<form method="post"><button>Pay ${escapeHtml(due)}</button></form>`,
    );
  } catch (error) {
    if (error instanceof BooksError)
      return render(res, 404, 'Invoice not found', `<p>${escapeHtml(error.message)}</p>`);
    throw error;
  }
}

function pay(world: SandboxWorld, req: Request, res: Response): void {
  try {
    const company = findCompany(world, String(req.params['companyId']));
    payInvoice(world, company, String(req.params['invoiceId']));
    res.redirect(303, req.originalUrl);
  } catch (error) {
    if (error instanceof BooksError) {
      return render(
        res,
        error.code === 'not_found' ? 404 : 409,
        'Payment not taken',
        `<p>${escapeHtml(error.message)}</p>`,
      );
    }
    throw error;
  }
}

export function payPageRoutes(world: SandboxWorld): Router {
  const router = express.Router();
  router.get('/sandbox/pay/:companyId/:invoiceId', (req, res) => show(world, req, res));
  router.post('/sandbox/pay/:companyId/:invoiceId', (req, res) => pay(world, req, res));
  return router;
}
