import { sql } from 'kysely';
import type { ConnectorDeps } from '../deps.js';
import { readTokens, saveTokens, withAccessToken } from '../tokens.js';
import { ConnectorError, isConnectorError } from '../types.js';
import {
  createXeroClient,
  deleteConnection,
  jwtClaims,
  listConnections,
  refreshXeroTokens,
  revokeXeroGrant,
  toTokenSet,
  XERO_SCOPES,
  type XeroConfig,
  type XeroConnection,
} from './client.js';
import { parseXeroError } from './errors.js';
import type { XeroRuntime } from './org-client.js';
import { xeroTimeZoneToIana } from './timezone.js';
import { enumText } from './enum-text.js';

/** The consent page URL; `state` is random per consent and checked on the way back (P8). */
export async function xeroConsentUrl(config: XeroConfig, state: string): Promise<string> {
  const xero = await createXeroClient(config, { state });
  return xero.buildConsentUrl();
}

export interface ConnectedOrganisation {
  id: string;
  name: string;
  tenantId: string;
}

/**
 * Finishes a consent: exchanges the code once (state and id_token checked by openid-client), then adds only the
 * organisations ticked in *this* consent — /connections filtered by the token's authentication_event_id — each
 * with its name, base currency, country and time zone. One grant (connection row) serves all of them; a user
 * reconnecting gets their existing grant row back with fresh tokens.
 */
export async function completeXeroConsent(
  deps: ConnectorDeps,
  config: XeroConfig,
  runtime: XeroRuntime,
  input: { callbackUrl: string; state: string; workspaceId: string },
): Promise<{ connectionId: string; organisations: ConnectedOrganisation[] }> {
  const xero = await createXeroClient(config, { state: input.state });
  let tokenSet;
  try {
    tokenSet = await xero.apiCallback(input.callbackUrl);
  } catch (error) {
    throw new ConnectorError(
      'xero',
      'rejected',
      `Xero sign-in failed: ${String((error as Error).message ?? error)}`,
      {},
      { cause: error },
    );
  }
  const tokens = toTokenSet(tokenSet, deps.now());
  const claims = jwtClaims(tokens.accessToken);
  const authEventId =
    typeof claims.authentication_event_id === 'string' ? claims.authentication_event_id : undefined;
  const idClaims: Record<string, unknown> = tokenSet.id_token ? tokenSet.claims() : {};
  const subject = enumText(idClaims.xero_userid ?? claims.xero_userid ?? idClaims.sub ?? claims.sub);

  const connections = (await listConnections(config, tokens.accessToken, authEventId)).filter(
    (c) => c.tenantType === 'ORGANISATION' && (!authEventId || c.authEventId === authEventId),
  );
  if (connections.length === 0) {
    throw new ConnectorError('xero', 'rejected', 'No Xero organisation was selected on the consent page.');
  }

  const connectionId = await grantRow(deps, input.workspaceId, subject);
  await deps.db
    .updateTable('connection')
    .set({ scopes: XERO_SCOPES.join(' ') })
    .where('id', '=', connectionId)
    .execute();
  await saveTokens(deps, connectionId, tokens);

  const organisations: ConnectedOrganisation[] = [];
  for (const connection of connections) {
    const details = await organisationDetails(config, runtime, tokens.accessToken, connection);
    const row = await deps.db
      .insertInto('organisation')
      .values({
        workspace_id: input.workspaceId,
        connection_id: connectionId,
        provider: 'xero',
        external_id: connection.tenantId,
        provider_connection_id: connection.id,
        ...details,
      })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'provider', 'external_id']).doUpdateSet({
          connection_id: connectionId,
          provider_connection_id: connection.id,
          ...details,
          status: 'active',
          status_reason: null,
          rate_limited_until: null,
        }),
      )
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    organisations.push({ id: row.id, name: row.name, tenantId: connection.tenantId });
  }
  deps.log.info({ connectionId, organisations: organisations.length }, 'xero organisations connected');
  return { connectionId, organisations };
}

async function grantRow(deps: ConnectorDeps, workspaceId: string, subject: string): Promise<string> {
  if (subject) {
    const existing = await deps.db
      .selectFrom('connection')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('provider', '=', 'xero')
      .where('subject', '=', subject)
      .executeTakeFirst();
    if (existing) return existing.id;
  }
  const created = await deps.db
    .insertInto('connection')
    .values({ workspace_id: workspaceId, provider: 'xero', subject: subject || null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}

/** GET /Organisation for one tenant: one call each (never xero-node's updateTenants(true), P7). */
async function organisationDetails(
  config: XeroConfig,
  runtime: XeroRuntime,
  accessToken: string,
  connection: XeroConnection,
) {
  const xero = await createXeroClient(config, { accessToken });
  const release = await runtime.limiter.acquire(connection.tenantId);
  let org;
  try {
    org = (await xero.accountingApi.getOrganisations(connection.tenantId)).body.organisations?.[0];
  } catch (error) {
    throw parseXeroError(error).error;
  } finally {
    release();
  }
  const timeZone = xeroTimeZoneToIana(org?.timezone);
  return {
    name: org?.name?.trim() || connection.tenantName || connection.tenantId,
    base_currency: org?.baseCurrency ? String(org.baseCurrency) : 'USD',
    country: org?.countryCode ? String(org.countryCode) : null,
    time_zone: timeZone ?? 'UTC',
  };
}

/**
 * Disconnects one organisation at Xero (DELETE /connections/{connection id}, not the tenant id, B05) and stops
 * syncing it. Its invoices stay. When it was the grant's last organisation, the grant is revoked and the tokens
 * deleted too.
 */
export async function disconnectXeroOrganisation(
  deps: ConnectorDeps,
  config: XeroConfig,
  organisationId: string,
): Promise<void> {
  const org = await deps.db
    .selectFrom('organisation')
    .select(['id', 'connection_id', 'provider_connection_id', 'provider'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!org || org.provider !== 'xero')
    throw new ConnectorError('xero', 'not_found', 'no such Xero organisation');
  if (org.connection_id && org.provider_connection_id) {
    const connectionId = org.connection_id;
    const providerConnectionId = org.provider_connection_id;
    try {
      await withAccessToken(
        deps,
        connectionId,
        (rt) => refreshXeroTokens(config, rt, deps.now()),
        (at) => deleteConnection(config, at, providerConnectionId),
      );
    } catch (error) {
      // Already gone at Xero (removed there, or the grant was revoked): nothing left to undo remotely.
      if (!isConnectorError(error, 'not_found') && !isConnectorError(error, 'needs_reconnect')) throw error;
    }
  }
  await deps.db
    .updateTable('organisation')
    .set({ status: 'disconnected', status_reason: 'disconnected by the user' })
    .where('id', '=', organisationId)
    .execute();
  if (!org.connection_id) return;
  const remaining = await deps.db
    .selectFrom('organisation')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('connection_id', '=', org.connection_id)
    .where('status', '<>', 'disconnected')
    .executeTakeFirstOrThrow();
  if (remaining.n === 0) await disconnectXeroGrant(deps, config, org.connection_id);
}

/** Revokes the whole grant (every organisation it serves) and deletes the stored tokens. */
export async function disconnectXeroGrant(
  deps: ConnectorDeps,
  config: XeroConfig,
  connectionId: string,
): Promise<void> {
  try {
    const tokens = await readTokens(deps, connectionId);
    await revokeXeroGrant(config, tokens.refreshToken);
  } catch (error) {
    deps.log.warn({ connectionId, err: error }, 'xero revoke failed; tokens deleted anyway');
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('connection')
      .set({
        status: 'disconnected',
        access_token_enc: null,
        refresh_token_enc: null,
        access_token_expires_at: null,
        updated_at: deps.now(),
      })
      .where('id', '=', connectionId)
      .execute();
    await trx
      .updateTable('organisation')
      .set({ status: 'disconnected', status_reason: 'disconnected by the user' })
      .where('connection_id', '=', connectionId)
      .where('status', '<>', 'disconnected')
      .execute();
  });
}
