import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { XeroContext } from '../context.js';
import { REQUIRED_SCOPES } from '../identity/scopes.js';
import { deleteConnection, listConnections } from './connections.js';
import { listContacts, getContact } from './contacts.js';
import { getCreditNote, listCreditNotes } from './credit-notes.js';
import { methodNotAllowed, notFound, postDataInvalid, serverError } from './errors.js';
import { accountingGuard, requireToken } from './guard.js';
import { addInvoiceHistory, getInvoiceHistory } from './history.js';
import { getInvoice, listInvoices } from './invoices.js';
import { RateLimiter } from './limits.js';
import { getOrganisation } from './organisation.js';
import { listOverpayments, listPayments, listPrepayments } from './payments.js';

type Handler = (ctx: XeroContext, req: Request, res: Response) => void;

/** api.xero.com: /connections and the Accounting API under /api.xro/2.0, mounted under /xero/api. */
export function apiRouter(ctx: XeroContext): Router {
  const router = express.Router();
  const limiter = new RateLimiter(ctx.options.limits);
  const token = (req: Request, res: Response, next: NextFunction) => requireToken(ctx, req, res, next);
  const run = (handler: Handler) => (req: Request, res: Response) => handler(ctx, req, res);
  const guard = (scopes: readonly string[]) => accountingGuard(ctx, limiter, scopes);
  const wrongMethod = (allow: string) => (_req: Request, res: Response) => methodNotAllowed(res, allow);

  router.route('/connections').get(token, run(listConnections)).all(wrongMethod('GET'));
  router.route('/connections/:id').delete(token, run(deleteConnection)).all(wrongMethod('DELETE'));

  const accounting = express.Router();
  accounting.use(token);
  accounting.use(express.json({ limit: '3.5mb' }));
  const read = guard(REQUIRED_SCOPES.invoicesRead);
  accounting.route('/Invoices').get(read, run(listInvoices)).all(wrongMethod('GET'));
  accounting.route('/Invoices/:id').get(read, run(getInvoice)).all(wrongMethod('GET'));
  accounting
    .route('/Invoices/:id/History')
    .get(read, run(getInvoiceHistory))
    .put(guard(REQUIRED_SCOPES.invoicesWrite), run(addInvoiceHistory))
    .post(guard(REQUIRED_SCOPES.invoicesWrite), run(addInvoiceHistory))
    .all(wrongMethod('GET, PUT, POST'));
  accounting.route('/CreditNotes').get(read, run(listCreditNotes)).all(wrongMethod('GET'));
  accounting.route('/CreditNotes/:id').get(read, run(getCreditNote)).all(wrongMethod('GET'));
  const payments = guard(REQUIRED_SCOPES.paymentsRead);
  accounting.route('/Payments').get(payments, run(listPayments)).all(wrongMethod('GET'));
  accounting.route('/Overpayments').get(payments, run(listOverpayments)).all(wrongMethod('GET'));
  accounting.route('/Prepayments').get(payments, run(listPrepayments)).all(wrongMethod('GET'));
  const contacts = guard(REQUIRED_SCOPES.contactsRead);
  accounting.route('/Contacts').get(contacts, run(listContacts)).all(wrongMethod('GET'));
  accounting.route('/Contacts/:id').get(contacts, run(getContact)).all(wrongMethod('GET'));
  accounting
    .route('/Organisation')
    .get(guard(REQUIRED_SCOPES.settingsRead), run(getOrganisation))
    .all(wrongMethod('GET'));
  accounting.use((_req: Request, res: Response) => notFound(res));

  router.use('/api.xro/2.0', accounting);
  router.use((_req: Request, res: Response) => notFound(res));
  router.use(apiErrorHandler);
  return router;
}

/** Malformed JSON gets Xero's PostDataInvalidException; anything else a 500 body, never a stack trace. */
function apiErrorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (res.headersSent) return;
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return postDataInvalid(res, 'Invalid Json data');
  if (type === 'entity.too.large') return postDataInvalid(res, 'The request body is larger than 3.5 MB');
  serverError(res);
}
