import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { SandboxWorld } from '../../world.js';

/**
 * Client authentication at the token and revocation endpoints: HTTP Basic (what xero-node and openid-client
 * send) or client_id/client_secret in the form body. Returns the client id, or null when it does not match.
 */
export function authenticateClient(world: SandboxWorld, req: Request): string | null {
  const body = (req.body ?? {}) as Record<string, unknown>;
  let id: string | undefined;
  let secret: string | undefined;
  const header = req.get('authorization');
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    id = decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(decoded.slice(colon + 1));
  } else if (typeof body.client_id === 'string' && typeof body.client_secret === 'string') {
    id = body.client_id;
    secret = body.client_secret;
  }
  const app = world.apps.xero;
  if (id !== app.clientId || secret === undefined) return null;
  const a = Buffer.from(secret);
  const b = Buffer.from(app.clientSecret);
  return a.length === b.length && timingSafeEqual(a, b) ? id : null;
}
