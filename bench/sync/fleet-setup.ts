import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import type { ConnectorDeps } from '../../connectors/deps.js';
import { createConnectors } from '../../connectors/index.js';
import { claimAuthorizationCode, completeConnection } from '../../connectors/quickbooks/connect.js';
import { authorizeUrl } from '../../connectors/quickbooks/oauth.js';
import { completeXeroConsent, xeroConsentUrl } from '../../connectors/xero/oauth.js';
import { approveQuickBooksConsent } from '../../sandbox/quickbooks/consent.js';
import { consent as xeroConsent } from '../../sandbox/xero/testing/xero-client.js';
import { loadConfig } from '../../server/config.js';
import type { Db } from '../../server/db/connect.js';
import type { FleetCompany } from './fleet-protocol.js';

export interface ConnectedFleet {
  workspaceId: string;
  /** Organisation ids in the order of the companies given. */
  organisationIds: string[];
}

/** Xero organisations ticked per consent: a firm connects its clients a batch at a time. */
const TENANTS_PER_CONSENT = 25;

/**
 * Connects every company through the real flows — the provider's consent page, the code exchange, tokens stored
 * encrypted — into one firm workspace (QuickBooks: one consent per company; Xero: one consent per batch of
 * organisations), then runs each organisation's first full sync at `syncAt(index)`. Built from the same
 * configuration the workers get, but without the after-sync cadence hook: setup sends nothing.
 */
export async function connectFleet(
  db: Db,
  env: Record<string, string>,
  companies: FleetCompany[],
  options: { syncAt: (index: number) => Date; concurrency: number; log: (line: string) => void },
): Promise<ConnectedFleet> {
  const began = performance.now();
  const phase = (what: string) =>
    options.log(`  setup: ${what} after ${((performance.now() - began) / 1000).toFixed(1)} s`);
  const config = loadConfig(env);
  const deps: ConnectorDeps = {
    db,
    log: pino({ level: 'silent' }),
    encryptionKey: config.encryptionKey,
    now: () => new Date(),
  };
  const connectors = createConnectors(deps, config);
  const workspace = await db
    .insertInto('workspace')
    .values({ name: 'Bench firm', kind: 'firm' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const orgByCompany = new Map<string, string>();

  const realms = companies.filter((c) => c.provider === 'quickbooks');
  await forEachLimit(realms, options.concurrency, async (realm) => {
    if (!config.quickbooks || !connectors.quickbooks) throw new Error('bench: QuickBooks is not configured');
    const callback = await approveQuickBooksConsent(
      authorizeUrl(config.quickbooks, randomBytes(12).toString('base64url')),
      realm.id,
    );
    const query = new URL(callback).searchParams;
    if (!(await claimAuthorizationCode(deps, query.get('code') ?? '')))
      throw new Error('bench: QuickBooks code already used');
    const { organisationId } = await completeConnection(
      deps,
      config.quickbooks,
      connectors.quickbooks,
      workspace.id,
      query.toString(),
    );
    orgByCompany.set(realm.id, organisationId);
  });

  phase(`${realms.length} QuickBooks companies connected`);
  const tenants = companies.filter((c) => c.provider === 'xero');
  const batches: FleetCompany[][] = [];
  for (let i = 0; i < tenants.length; i += TENANTS_PER_CONSENT)
    batches.push(tenants.slice(i, i + TENANTS_PER_CONSENT));
  await forEachLimit(batches, Math.min(options.concurrency, 2), async (batch) => {
    if (!config.xero || !connectors.xero) throw new Error('bench: Xero is not configured');
    const state = randomBytes(12).toString('base64url');
    const callbackUrl = await xeroConsent(
      await xeroConsentUrl(config.xero, state),
      batch.map((t) => t.id),
    );
    const { organisations } = await completeXeroConsent(deps, config.xero, connectors.xero.runtime, {
      callbackUrl,
      state,
      workspaceId: workspace.id,
    });
    for (const org of organisations) orgByCompany.set(org.tenantId, org.id);
  });

  phase(`${tenants.length} Xero organisations connected`);
  const organisationIds = companies.map((c) => {
    const id = orgByCompany.get(c.id);
    if (!id) throw new Error(`bench: ${c.provider} ${c.id} was not connected`);
    return id;
  });
  await forEachLimit(
    organisationIds.map((id, index) => ({ id, index, provider: companies[index]!.provider })),
    options.concurrency,
    async (org) => {
      const outcome = await connectors[org.provider]!.syncOrganisation(org.id, {
        kind: 'full',
        now: options.syncAt(org.index),
      });
      if (outcome.status === 'failed') throw new Error(`bench: first sync of ${org.id} failed`);
    },
  );
  phase('first full syncs done');
  return { workspaceId: workspace.id, organisationIds };
}

/** Runs `task` over `items`, at most `limit` at a time; the first failure rejects. */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
