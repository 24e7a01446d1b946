import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import type { Company } from '../../sandbox/books/types.js';
import { startXeroSandbox, type RunningSandbox } from '../../sandbox/xero/testing/server.js';
import { testWorld, XERO_APP } from '../../sandbox/xero/testing/world.js';
import { consent, REDIRECT_URI } from '../../sandbox/xero/testing/xero-client.js';
import type { SandboxWorld } from '../../sandbox/world.js';
import type { TestDatabase } from '../../test/db.js';
import { TEST_ENCRYPTION_KEY } from '../../test/factories.js';
import type { ConnectorDeps } from '../deps.js';
import type { XeroConfig } from './client.js';
import { createXeroConnector, type XeroConnector, type XeroConnectorOptions } from './index.js';
import { createXeroLimiter, type PacingClock, type XeroLimiter } from './limits.js';
import { completeXeroConsent, xeroConsentUrl } from './oauth.js';

/** A pacing clock whose sleeps return at once and are recorded (Retry-After waits asserted, never waited). */
export function fakeClock(start = 0): PacingClock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

export interface XeroSandboxSetup {
  world: SandboxWorld;
  sandbox: RunningSandbox;
  config: XeroConfig;
  deps: ConnectorDeps;
  clock: ReturnType<typeof fakeClock>;
  limiter: XeroLimiter;
  connector: XeroConnector;
  close(): Promise<void>;
}

/**
 * The real xero-node against the Xero sandbox on a loopback port, with a real test database. The sandbox's
 * clock is the real one (openid-client checks id_token times against it), so `deps.now` is too.
 */
export async function startXeroTest(
  t: TestDatabase,
  companies: Company[],
  options: XeroConnectorOptions = {},
): Promise<XeroSandboxSetup> {
  const world = testWorld(companies);
  const sandbox = await startXeroSandbox(world);
  const config: XeroConfig = {
    clientId: XERO_APP.clientId,
    clientSecret: XERO_APP.clientSecret,
    webhookKey: XERO_APP.webhookKey,
    redirectUri: REDIRECT_URI,
    identityUrl: sandbox.issuer,
    apiUrl: sandbox.apiBase,
  };
  const deps: ConnectorDeps = {
    db: t.db,
    log: pino({ level: 'silent' }),
    encryptionKey: TEST_ENCRYPTION_KEY,
    now: () => new Date(),
  };
  const clock = fakeClock();
  const limiter = options.limiter ?? createXeroLimiter(clock);
  const connector = createXeroConnector(deps, config, { ...options, limiter });
  return { world, sandbox, config, deps, clock, limiter, connector, close: () => sandbox.close() };
}

/** Plays a user through Xero's consent page, ticking `tenantIds`, and completes the callback. */
export async function connectOrganisations(
  setup: XeroSandboxSetup,
  workspaceId: string,
  tenantIds: string[],
) {
  const state = randomBytes(12).toString('base64url');
  const callbackUrl = await consent(await xeroConsentUrl(setup.config, state), tenantIds);
  return completeXeroConsent(setup.deps, setup.config, setup.connector.runtime, {
    callbackUrl,
    state,
    workspaceId,
  });
}
