import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { ConnectorDeps } from '../deps.js';
import { readTokens, saveTokens } from '../tokens.js';
import { ConnectorError } from '../types.js';
import { readCompanyProfile } from './company.js';
import type { QuickBooksConnector } from './index.js';
import { exchangeCode, revokeToken, type QuickBooksConfig } from './oauth.js';

/**
 * Claims an authorization code: true for the first caller only. Intuit poisons the grant when a code is exchanged
 * twice (reference §1.4), and a reloaded callback or two browser tabs would do exactly that.
 */
export async function claimAuthorizationCode(
  deps: Pick<ConnectorDeps, 'db'>,
  code: string,
): Promise<boolean> {
  const hash = createHash('sha256').update(code).digest('hex');
  const result = await sql`
    insert into oauth_code_use (provider, code_hash) values ('quickbooks', ${hash})
    on conflict do nothing
  `.execute(deps.db);
  return Number(result.numAffectedRows ?? 0n) === 1;
}

/**
 * Completes a connection from the OAuth callback query (already state-checked and claimed): exchanges the code,
 * stores the tokens encrypted, records the company with its name, country, home currency and time zone, and
 * reuses the existing organisation when this is a reconnect (history kept). Returns the organisation id.
 */
export async function completeConnection(
  deps: ConnectorDeps,
  config: QuickBooksConfig,
  connector: Pick<QuickBooksConnector, 'clientFor'>,
  workspaceId: string,
  callbackQuery: string,
): Promise<{ organisationId: string; reconnected: boolean }> {
  const exchanged = await exchangeCode(config, callbackQuery, deps.now());
  if (!exchanged.realmId) throw new ConnectorError('quickbooks', 'rejected', 'callback without realmId');
  const existing = await deps.db
    .selectFrom('organisation')
    .select(['id', 'connection_id'])
    .where('workspace_id', '=', workspaceId)
    .where('provider', '=', 'quickbooks')
    .where('external_id', '=', exchanged.realmId)
    .executeTakeFirst();
  const connectionId =
    existing?.connection_id ??
    (
      await deps.db
        .insertInto('connection')
        .values({
          workspace_id: workspaceId,
          provider: 'quickbooks',
          subject: exchanged.realmId,
          scopes: 'accounting',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await saveTokens(deps, connectionId, exchanged.tokens);

  const profile = await readCompanyProfile(
    connector.clientFor({ connection_id: connectionId, external_id: exchanged.realmId }),
  );
  const values = {
    name: profile.name,
    country: profile.country,
    base_currency: profile.homeCurrency,
    time_zone: profile.timeZone,
    status: 'active' as const,
    status_reason: null,
    connection_id: connectionId,
  };
  if (existing) {
    await deps.db.updateTable('organisation').set(values).where('id', '=', existing.id).execute();
    return { organisationId: existing.id, reconnected: true };
  }
  const created = await deps.db
    .insertInto('organisation')
    .values({ ...values, workspace_id: workspaceId, provider: 'quickbooks', external_id: exchanged.realmId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { organisationId: created.id, reconnected: false };
}

/**
 * In-app disconnect: revoke at Intuit (App Store requirement 2.3), forget the tokens, keep the synced history.
 * The organisation is 'disconnected', which holds its cadence.
 */
export async function disconnectOrganisation(
  deps: ConnectorDeps,
  config: QuickBooksConfig,
  organisationId: string,
): Promise<void> {
  const org = await deps.db
    .selectFrom('organisation')
    .select(['connection_id'])
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  if (org.connection_id) {
    try {
      const tokens = await readTokens(deps, org.connection_id);
      await revokeToken(config, tokens.refreshToken);
    } catch (error) {
      // Already revoked or never usable: forgetting the tokens is all that is left to do.
      deps.log.warn({ err: error, organisationId }, 'QuickBooks revoke failed; forgetting the tokens anyway');
    }
    await deps.db
      .updateTable('connection')
      .set({
        status: 'disconnected',
        access_token_enc: null,
        refresh_token_enc: null,
        updated_at: deps.now(),
      })
      .where('id', '=', org.connection_id)
      .execute();
  }
  await deps.db
    .updateTable('organisation')
    .set({ status: 'disconnected', status_reason: 'disconnected by the user' })
    .where('id', '=', organisationId)
    .execute();
}
