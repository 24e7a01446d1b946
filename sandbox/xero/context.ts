import type { Request } from 'express';
import type { SandboxWorld } from '../world.js';
import type { SigningKeys } from './identity/keys.js';
import type { IdentityStore } from './identity/store.js';
import type { XeroSandboxOptions } from './options.js';

/** Everything the Xero stand-in's handlers share: the world, its options and the identity server's state. */
export interface XeroContext {
  world: SandboxWorld;
  options: XeroSandboxOptions;
  store: IdentityStore;
  keys: SigningKeys;
  /** First responses to PUT History by (tenant, Idempotency-Key): a repeat gets the same answer, no new note. */
  idempotent: Map<string, { status: number; body: unknown }>;
}

/** The issuer is built from the request's host so discovery works on whatever port the sandbox runs. */
export function issuerOf(req: Request): string {
  // Inside the identity router baseUrl already ends in /xero/identity; anything before it is where the
  // sandbox itself is mounted.
  const mount = req.baseUrl.replace(/\/xero\/identity$/, '');
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${mount}/xero/identity`;
}

export function xeroCompanies(world: SandboxWorld): { id: string; name: string }[] {
  return [...world.companies.values()]
    .filter((c) => c.provider === 'xero')
    .map((c) => ({ id: c.id, name: c.name }));
}
