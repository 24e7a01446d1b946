import { Router } from 'express';
import { HttpError } from '../http/errors.js';
import { requireUser } from '../http/require-user.js';
import { isLocale } from '../i18n/index.js';
import { invoicePage } from '../pages/invoice.js';
import { isUuid, loadOrganisation } from '../pages/organisation-access.js';
import type { PageDeps } from './page-deps.js';

/** One invoice: its facts, payments and credits, the follow-up so far, the notes written back, and what comes next. */
export function invoiceRoutes(deps: PageDeps): Router {
  const router = Router();
  router.get('/orgs/:orgId/invoices/:invoiceId', requireUser, async (req, res) => {
    const org = await loadOrganisation(deps.db, req.session.workspaceId, req.params['orgId']);
    const invoiceId = req.params['invoiceId'];
    const locale = res.locals['locale'] as unknown;
    const page = isUuid(invoiceId)
      ? await invoicePage(deps.db, org, invoiceId, deps.now(), isLocale(locale) ? locale : 'en')
      : null;
    if (!page) throw new HttpError(404, 'There is no such invoice in this organisation.');
    res.render('invoice', { org, ...page });
  });
  return router;
}
