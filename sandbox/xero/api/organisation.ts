import type { Request, Response } from 'express';
import type { XeroContext } from '../context.js';
import { renderOrganisation } from '../render/organisation.js';
import { envelope } from './envelope.js';
import type { TenantLocals } from './guard.js';

export function getOrganisation(ctx: XeroContext, _req: Request, res: Response): void {
  const { company } = res.locals as TenantLocals;
  res.json(
    envelope(ctx.options.providerName, ctx.world.now(), { Organisations: [renderOrganisation(company)] }),
  );
}
