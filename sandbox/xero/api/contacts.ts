import type { Request, Response } from 'express';
import type { Company, Customer } from '../../books/types.js';
import { byUpdateOf, recordsByUpdate } from '../../books/update-order.js';
import type { XeroContext } from '../context.js';
import { isUuid, neutralId, xeroId } from '../ids.js';
import { renderContact } from '../render/contact.js';
import { envelope } from './envelope.js';
import { notFound } from './errors.js';
import type { TenantLocals } from './guard.js';
import { listParam, listQueryOrReject, param, runList, type EntityFields } from './list-query.js';

function contactFields(company: Company): EntityFields<Customer> {
  return {
    typeName: 'Contact',
    byUpdate: byUpdateOf(() => recordsByUpdate(company, 'contact', company.customers)),
    fields: [
      'ContactID',
      'Name',
      'EmailAddress',
      'ContactStatus',
      'IsCustomer',
      'IsSupplier',
      'UpdatedDateUTC',
    ],
    updatedAt: (c) => c.updatedAt,
    get: (c, field) => {
      switch (field) {
        case 'ContactID':
          return xeroId(company.id, 'contact', c.id);
        case 'Name':
          return c.displayName;
        case 'EmailAddress':
          return c.email ?? '';
        case 'ContactStatus':
          return c.active ? 'ACTIVE' : 'ARCHIVED';
        case 'IsCustomer':
          return true;
        case 'IsSupplier':
          return false;
        case 'UpdatedDateUTC':
          return c.updatedAt;
        default:
          return null;
      }
    },
  };
}

/** GET /Contacts: archived contacts only with includeArchived=true (or when asked for by IDs). */
export function listContacts(ctx: XeroContext, req: Request, res: Response): void {
  const { company } = res.locals as TenantLocals;
  const entity = contactFields(company);
  const q = listQueryOrReject(req, res, entity);
  if (!q) return;
  const ids = listParam(req, 'IDs');
  const idSet =
    ids && new Set(ids.map((id) => neutralId(company, 'contact', id)).filter((id) => id !== undefined));
  const includeArchived = param(req, 'includeArchived') === 'true' || idSet !== null;
  const result = runList(
    company.customers,
    q,
    entity,
    (c) => (!idSet || idSet.has(c.id)) && (includeArchived || c.active),
  );
  res.json(
    envelope(ctx.options.providerName, ctx.world.now(), {
      ...(result.pagination ? { pagination: result.pagination } : {}),
      Contacts: result.items.map((c) => renderContact(company, c)),
    }),
  );
}

export function getContact(ctx: XeroContext, req: Request, res: Response): void {
  const { company } = res.locals as TenantLocals;
  const id = String(req.params.id);
  const neutral = isUuid(id) ? neutralId(company, 'contact', id) : undefined;
  const customer = neutral === undefined ? undefined : company.index.customers.get(neutral);
  if (!customer) return notFound(res);
  res.json(
    envelope(ctx.options.providerName, ctx.world.now(), { Contacts: [renderContact(company, customer)] }),
  );
}
