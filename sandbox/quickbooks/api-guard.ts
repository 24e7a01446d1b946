import type { NextFunction, Request, Response } from 'express';
import type { Company } from '../books/types.js';
import { faults, sendFault, sendXmlThrottle } from './faults.js';
import { admit } from './limits.js';
import { authenticate, revokeRealm } from './oauth-store.js';
import type { QboState } from './state.js';

/** The company a request addresses, set by `guardRealm` for the handlers after it. */
export function companyOf(res: Response): Company {
  return res.locals.company as Company;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Everything in front of an Accounting API handler, in the order the real service shows it:
 * minorversion check, per-realm throttles (500/min, 10 in flight; a 'slow' fault holds its slot while it
 * waits, like a slow request would), injected faults, then the bearer token
 * (401 AuthenticationFailed) and whether it was issued for this realm (403 AuthorizationFailed).
 */
export function guardRealm(state: QboState) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const realmId = String(req.params.realmId);
    const world = state.world;

    const minor = req.query.minorversion;
    if (minor !== undefined) {
      const text = typeof minor === 'string' ? minor : (JSON.stringify(minor) ?? '');
      if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 75) {
        sendFault(res, world.now(), faults.invalidMinorVersion(text));
        return;
      }
    }

    const company = world.company(realmId);
    const known = company?.provider === 'quickbooks';
    if (known) {
      const release = admit(state.limits, realmId, world.now());
      if (!release) {
        sendFault(res, world.now(), faults.throttled());
        return;
      }
      res.once('finish', release);
      res.once('close', release);
    }

    const fault = world.takeFault({ provider: 'quickbooks', companyId: realmId });
    if (fault) {
      switch (fault.kind) {
        case 'rate-limit':
        case 'rate-limit-day':
          sendXmlThrottle(res, world.now());
          return;
        case 'server-error':
          sendFault(res, world.now(), faults.systemFailure(503));
          return;
        case 'slow':
          await delay(fault.delayMs ?? 5000);
          break;
        case 'revoked':
          revokeRealm(state.oauth, realmId);
          break;
      }
    }

    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    const grant = bearer ? authenticate(state.oauth, bearer[1]!, world.now()) : null;
    if (!grant) {
      sendFault(res, world.now(), faults.authentication());
      return;
    }
    if (!known || grant.realmId !== realmId || !grant.scopes.includes('com.intuit.quickbooks.accounting')) {
      sendFault(res, world.now(), faults.authorization());
      return;
    }
    res.locals.company = company;
    next();
  };
}
