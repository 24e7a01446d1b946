import type { Request, Response } from 'express';
import type { XeroContext } from '../context.js';
import { problem } from './errors.js';
import type { AuthedLocals } from './guard.js';
import { param } from './list-query.js';

/** GET /connections[?authEventId=…]: the organisations this grant may call (reference §1.5). */
export function listConnections(_ctx: XeroContext, req: Request, res: Response): void {
  const { grant } = res.locals as AuthedLocals;
  const authEventId = param(req, 'authEventId');
  res.json(grant.connections.filter((c) => !authEventId || c.authEventId === authEventId));
}

/** DELETE /connections/{id}: takes the connection id, not the tenant id (xero-node#403). */
export function deleteConnection(_ctx: XeroContext, req: Request, res: Response): void {
  const { grant } = res.locals as AuthedLocals;
  const index = grant.connections.findIndex((c) => c.id === req.params.id);
  if (index < 0) return problem(res, 404, 'Not Found', 'Connection not found');
  grant.connections.splice(index, 1);
  res.status(204).end();
}
