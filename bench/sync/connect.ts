import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import type { Connector } from '../../connectors/types.js';
import { createQuickBooksConnector } from '../../connectors/quickbooks/index.js';
import { authorizeUrl, exchangeCode, type QuickBooksConfig } from '../../connectors/quickbooks/oauth.js';
import { createPacer } from '../../connectors/quickbooks/pacer.js';
import { saveTokens } from '../../connectors/tokens.js';
import type { XeroConfig } from '../../connectors/xero/client.js';
import { createXeroConnector } from '../../connectors/xero/index.js';
import { createXeroLimiter } from '../../connectors/xero/limits.js';
import { completeXeroConsent, xeroConsentUrl } from '../../connectors/xero/oauth.js';
import { consent as xeroConsent, REDIRECT_URI } from '../../sandbox/xero/testing/xero-client.js';
import type { Db } from '../../server/db/connect.js';
import type { SandboxStarted } from './protocol.js';
import { approveQuickBooksConsent } from '../../sandbox/quickbooks/consent.js';

export interface ConnectedBook {
  connector: Connector;
  organisationId: string;
  /** The clock the connector's deps read; the bench moves it forward an hour per hourly sync. */
  clock: { now: Date };
}

/**
 * Connects the sandbox's book the way a user would (the provider's consent page, the code exchange), in a fresh
 * workspace, and returns a connector whose `now` the caller controls.
 */
export async function connectBook(
  db: Db,
  encryptionKey: Buffer,
  sandbox: SandboxStarted,
): Promise<ConnectedBook> {
  const clock = { now: new Date() };
  const deps = { db, log: pino({ level: 'silent' }), encryptionKey, now: () => clock.now };
  const workspace = await db
    .insertInto('workspace')
    .values({ name: 'bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (sandbox.provider === 'xero') {
    const config: XeroConfig = {
      clientId: sandbox.app.clientId,
      clientSecret: sandbox.app.clientSecret,
      webhookKey: sandbox.app.webhookKey,
      redirectUri: REDIRECT_URI,
      identityUrl: `${sandbox.url}/xero/identity`,
      apiUrl: `${sandbox.url}/xero/api`,
    };
    // The sandbox serves with its limits lifted; pacing runs on a clock that does not wait (bench/sync/sandbox-child.ts).
    const pacing = clockThatDoesNotWait();
    const limiter = createXeroLimiter({ now: pacing.now, sleep: pacing.sleep });
    const connector = createXeroConnector(deps, config, { limiter });
    const state = randomBytes(12).toString('base64url');
    const callbackUrl = await xeroConsent(await xeroConsentUrl(config, state), [sandbox.companyId]);
    const { organisations } = await completeXeroConsent(deps, config, connector.runtime, {
      callbackUrl,
      state,
      workspaceId: workspace.id,
    });
    return { connector, organisationId: organisations[0]!.id, clock };
  }

  const config: QuickBooksConfig = {
    clientId: sandbox.app.clientId,
    clientSecret: sandbox.app.clientSecret,
    environment: 'sandbox',
    webhookVerifier: sandbox.app.webhookKey,
    redirectUri: 'http://127.0.0.1/connect/quickbooks/callback',
    apiUrl: `${sandbox.url}/quickbooks`,
    authorizeUrl: `${sandbox.url}/intuit/connect/oauth2`,
    tokenUrl: `${sandbox.url}/intuit/oauth2/v1/tokens/bearer`,
    revokeUrl: `${sandbox.url}/intuit/oauth2/v1/tokens/revoke`,
    userinfoUrl: `${sandbox.url}/intuit/v1/openid_connect/userinfo`,
    jwksUrl: `${sandbox.url}/intuit/oauth2/v1/keys`,
  };
  const callback = await approveQuickBooksConsent(authorizeUrl(config, 'bench-state'), sandbox.companyId);
  const exchanged = await exchangeCode(config, new URL(callback).search.slice(1), clock.now);
  const connection = await db
    .insertInto('connection')
    .values({ workspace_id: workspace.id, provider: 'quickbooks' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await saveTokens(deps, connection.id, exchanged.tokens);
  const org = await db
    .insertInto('organisation')
    .values({
      workspace_id: workspace.id,
      connection_id: connection.id,
      provider: 'quickbooks',
      external_id: sandbox.companyId,
      name: 'Bench Books Inc.',
      base_currency: 'USD',
      time_zone: 'America/Chicago',
      country: 'US',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // As for Xero: the sandbox's limit is lifted and the pacer's minute runs on a clock that does not wait.
  const pacing = clockThatDoesNotWait();
  const pacer = createPacer({ clock: pacing.now, sleep: pacing.sleep });
  const connector = createQuickBooksConnector(deps, config, { pacer });
  return { connector, organisationId: org.id, clock };
}

/** A clock that only moves when slept on: the connector's pacing counts its minutes without waiting them. */
function clockThatDoesNotWait(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let virtual = 0;
  return {
    now: () => virtual,
    sleep: (ms) => {
      virtual += ms;
      return Promise.resolve();
    },
  };
}
