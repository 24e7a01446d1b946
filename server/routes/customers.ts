import { Router } from 'express';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import * as z from 'zod';
import { CUSTOMERS_PER_PAGE, searchCustomers, updateCustomer } from '../db/customers-page.js';
import { HttpError } from '../http/errors.js';
import { requireUser } from '../http/require-user.js';
import { isUuid, loadOrganisation } from '../pages/organisation-access.js';
import type { PageDeps } from './page-deps.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const CustomerForm = z.object({
  pausedUntil: z
    .string()
    .trim()
    .refine(
      (v) => v === '' || (ISO_DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))),
      'date as YYYY-MM-DD',
    )
    .transform((v) => (v === '' ? null : v)),
  excluded: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [v].flat().includes('true')),
  language: z.enum(['', 'en', 'fr']).transform((v) => (v === '' ? null : v)),
  override: z
    .string()
    .trim()
    .max(320)
    .transform((v, ctx) => {
      if (v === '') return null;
      if (v.includes('@')) {
        if (z.email().safeParse(v).success) return { kind: 'email' as const, value: v.toLowerCase() };
      } else if (v.startsWith('+') && isValidPhoneNumber(v)) {
        return { kind: 'phone' as const, value: v.replace(/[^\d+]/g, '') };
      }
      ctx.addIssue({ code: 'custom', message: 'an email address, or a phone number in +E.164 form' });
      return z.NEVER;
    }),
});

/** Customers: search, pause until a date, exclude, language, contact override, opt-outs shown per channel. */
export function customerRoutes(deps: PageDeps): Router {
  const router = Router();

  router.get('/orgs/:orgId/customers', requireUser, async (req, res) => {
    const org = await loadOrganisation(deps.db, req.session.workspaceId, req.params['orgId']);
    const q = typeof req.query['q'] === 'string' ? req.query['q'].trim().slice(0, 200) : '';
    const rawPage = req.query['page'];
    const page = typeof rawPage === 'string' && /^\d{1,6}$/.test(rawPage) ? Math.max(1, Number(rawPage)) : 1;
    const result = await searchCustomers(deps.db, org.id, q, page);
    res.render('customers', { org, q, page, perPage: CUSTOMERS_PER_PAGE, ...result });
  });

  router.post('/orgs/:orgId/customers/:customerId', requireUser, async (req, res) => {
    const org = await loadOrganisation(deps.db, req.session.workspaceId, req.params['orgId']);
    const customerId = req.params['customerId'];
    const customer = isUuid(customerId)
      ? await deps.db
          .selectFrom('customer')
          .select('id')
          .where('id', '=', customerId)
          .where('organisation_id', '=', org.id)
          .executeTakeFirst()
      : undefined;
    if (!customer) throw new HttpError(404, 'No such customer in this organisation.');
    const form = CustomerForm.safeParse(req.body ?? {});
    if (!form.success) {
      const issue = form.error.issues[0];
      throw new HttpError(400, `${String(issue?.path[0] ?? 'form')}: ${issue?.message ?? 'invalid'}`);
    }
    await updateCustomer(deps.db, org.id, customer.id, form.data, deps.now());
    req.session.flash = 'customers.saved';
    const back =
      typeof (req.body as Record<string, unknown>)['q'] === 'string'
        ? String((req.body as Record<string, unknown>)['q'])
        : '';
    res.redirect(303, `/orgs/${org.id}/customers${back ? `?q=${encodeURIComponent(back)}` : ''}`);
  });

  return router;
}
