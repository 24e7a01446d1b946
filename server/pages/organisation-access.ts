import type { Db } from '../db/connect.js';
import { HttpError } from '../http/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * The one door to an organisation for every page: it must belong to the signed-in workspace. Anything else —
 * another workspace's id, a deleted one, a malformed id — is the same 404, so ids cannot be probed.
 */
export async function loadOrganisation(db: Db, workspaceId: string | undefined, organisationId: unknown) {
  if (!workspaceId || !isUuid(organisationId)) throw notFound();
  const org = await db
    .selectFrom('organisation')
    .select([
      'id',
      'workspace_id',
      'name',
      'provider',
      'status',
      'status_reason',
      'country',
      'base_currency',
      'time_zone',
      'last_sync_at',
      'disabled_channels',
      'disabled_channels_reason',
    ])
    .where('id', '=', organisationId)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!org) throw notFound();
  return org;
}

export type PageOrganisation = Awaited<ReturnType<typeof loadOrganisation>>;

function notFound(): HttpError {
  return new HttpError(404, 'There is no such organisation in your workspace.');
}
