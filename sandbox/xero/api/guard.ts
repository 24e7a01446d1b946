import { setTimeout as sleep } from 'node:timers/promises';
import type { NextFunction, Request, Response } from 'express';
import type { Company } from '../../books/types.js';
import type { XeroContext } from '../context.js';
import { usDateTime } from '../dates.js';
import type { Grant } from '../identity/store.js';
import { verifyAccessToken, type AccessClaims } from '../identity/tokens.js';
import { forbidden, scopeMissing, serverError, unauthorized } from './errors.js';
import type { RateLimiter } from './limits.js';

export interface AuthedLocals {
  grant: Grant;
  claims: AccessClaims;
}

export interface TenantLocals extends AuthedLocals {
  company: Company;
}

/** Bearer token check shared by /connections and the accounting API. Sets res.locals.{grant, claims}. */
export async function requireToken(
  ctx: XeroContext,
  req: Request,
  res: Response,
  next: NextFunction,
): Promise<void> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (!token) return unauthorized(res, 'AuthenticationUnsuccessful', 'No token provided');
  const check = await verifyAccessToken(ctx.keys, token, ctx.world.now());
  if (!check.ok) {
    if (check.reason === 'expired') {
      const at = usDateTime(check.expiredAt);
      return unauthorized(res, `TokenExpired: token expired at ${at}`, `The token expired at '${at}'`);
    }
    return unauthorized(res, 'AuthenticationUnsuccessful', 'The signature is invalid');
  }
  const grant = ctx.store.grants.get(check.claims.sid);
  if (!grant || grant.revoked)
    return unauthorized(res, 'AuthenticationUnsuccessful', 'The token has been revoked');
  Object.assign(res.locals, { grant, claims: check.claims } satisfies AuthedLocals);
  next();
}

/**
 * Everything an accounting call passes before its handler: the xero-tenant-id must be one of the grant's
 * connections; the token must carry one of `scopes`; injected faults apply; then the rate limits, whose
 * remaining counts go on every response.
 */
export function accountingGuard(ctx: XeroContext, limiter: RateLimiter, scopes: readonly string[]) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const { grant, claims } = res.locals as AuthedLocals;
    const tenantId = req.get('xero-tenant-id')?.trim().toLowerCase() ?? '';
    const company = ctx.world.company(tenantId);
    const connected = grant.connections.some((c) => c.tenantId.toLowerCase() === tenantId);
    if (!company || company.provider !== 'xero' || !connected) return forbidden(res);
    if (!claims.scope.some((s) => scopes.includes(s))) return scopeMissing(res);
    const now = ctx.world.now();
    const fault = ctx.world.takeFault({ provider: 'xero', companyId: company.id });
    switch (fault?.kind) {
      case 'rate-limit':
        return tooMany(res, 'minute', limiter.minuteResetSeconds(company.id, now), {
          ...limiter.headersFor(company.id, now),
          'X-MinLimit-Remaining': '0',
        });
      case 'rate-limit-day':
        return tooMany(res, 'day', limiter.dayResetSeconds(company.id, now), {
          ...limiter.headersFor(company.id, now),
          'X-DayLimit-Remaining': '0',
        });
      case 'server-error':
        return serverError(res);
      case 'revoked':
        ctx.store.disconnectTenant(company.id);
        return forbidden(res);
      case 'slow':
      case undefined:
        break;
    }
    const admission = limiter.admit(company.id, now);
    res.set(admission.headers);
    if (!admission.ok)
      return tooMany(res, admission.problem!, admission.retryAfterSeconds!, admission.headers);
    res.on('close', admission.release);
    // A slow answer keeps its in-flight slot while it waits, as a slow Xero call would.
    if (fault?.kind === 'slow') await sleep(fault.delayMs ?? 5_000);
    Object.assign(res.locals, { company } satisfies Partial<TenantLocals>);
    next();
  };
}

function tooMany(res: Response, problem: string, retryAfter: number, headers: Record<string, string>): void {
  res
    .status(429)
    .set(headers)
    .set({ 'Retry-After': String(retryAfter), 'X-Rate-Limit-Problem': problem })
    .end();
}
