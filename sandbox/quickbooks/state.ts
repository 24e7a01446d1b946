import type { SandboxWorld } from '../world.js';
import { createSigningKeys, type SigningKeys } from './id-token.js';
import { createRealmLimits, type RealmLimits } from './limits.js';
import { createOAuthStore, type OAuthStore } from './oauth-store.js';

/** Everything the QuickBooks stand-in keeps beside the world's books. */
export interface QboState {
  world: SandboxWorld;
  oauth: OAuthStore;
  /** RSA keys for id_tokens, made on first use (key generation is async). */
  signingKeys: () => Promise<SigningKeys>;
  /** Invoice PrivateNote written through the API (the neutral books have no such field), by `realm/invoiceId`. */
  privateNotes: Map<string, string>;
  /** Replies to writes by `realm/requestid`: QBO answers a repeated requestid with the original reply. */
  replies: Map<string, { status: number; body: object }>;
  limits: RealmLimits;
}

export function createQboState(world: SandboxWorld, requestsPerMinute?: number): QboState {
  let keys: Promise<SigningKeys> | null = null;
  return {
    world,
    oauth: createOAuthStore(),
    signingKeys: () => (keys ??= createSigningKeys()),
    privateNotes: new Map(),
    replies: new Map(),
    limits: createRealmLimits(requestsPerMinute),
  };
}

export function privateNoteLookup(
  state: QboState,
  realmId: string,
): (invoiceId: string) => string | undefined {
  return (invoiceId) => state.privateNotes.get(`${realmId}/${invoiceId}`);
}

/** Takes a pending 'revoked' fault for the realm without consuming faults of other kinds. */
export function takeRevokedFault(world: SandboxWorld, realmId: string): boolean {
  const fault = world.faults.find(
    (f) =>
      f.remaining > 0 &&
      f.kind === 'revoked' &&
      (f.target === 'quickbooks' || f.target === 'all') &&
      (!f.companyId || f.companyId === realmId),
  );
  if (fault) fault.remaining -= 1;
  return fault !== undefined;
}
