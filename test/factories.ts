import { randomBytes } from 'node:crypto';
import type { Db } from '../server/db/connect.js';
import type { Provider } from '../server/db/schema.js';

/** Small builders for test rows, in the spirit of Outline's `buildUser(overrides)`. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7);

export async function buildWorkspace(db: Db, overrides: { name?: string; kind?: 'business' | 'firm' } = {}) {
  return db
    .insertInto('workspace')
    .values({ name: overrides.name ?? 'Test Workspace', kind: overrides.kind ?? 'business' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildConnection(db: Db, overrides: { workspaceId?: string; provider?: Provider } = {}) {
  const workspaceId = overrides.workspaceId ?? (await buildWorkspace(db)).id;
  return db
    .insertInto('connection')
    .values({ workspace_id: workspaceId, provider: overrides.provider ?? 'quickbooks' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildOrganisation(
  db: Db,
  overrides: {
    workspaceId?: string;
    connectionId?: string | null;
    provider?: Provider;
    name?: string;
    externalId?: string;
    baseCurrency?: string;
    timeZone?: string;
    country?: string;
  } = {},
) {
  const provider = overrides.provider ?? 'quickbooks';
  const workspaceId = overrides.workspaceId ?? (await buildWorkspace(db)).id;
  return db
    .insertInto('organisation')
    .values({
      workspace_id: workspaceId,
      connection_id: overrides.connectionId ?? null,
      provider,
      external_id: overrides.externalId ?? randomBytes(6).toString('hex'),
      name: overrides.name ?? 'Ōtautahi Plumbing Ltd',
      base_currency: overrides.baseCurrency ?? 'USD',
      time_zone: overrides.timeZone ?? 'America/New_York',
      country: overrides.country ?? 'US',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
