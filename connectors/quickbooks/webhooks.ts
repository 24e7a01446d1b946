import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sql } from 'kysely';
import * as z from 'zod';
import type { ConnectorDeps } from '../deps.js';
import type { QuickBooksConnector } from './index.js';
import type { QboEntity } from './records.js';
import type { EntityRef } from './targeted-sync.js';

/** One change QuickBooks told us about, from either webhook format. */
export interface WebhookChange {
  dedupeKey: string;
  realmId: string;
  entity: QboEntity;
  id: string;
  operation: string;
}

/** base64(HMAC-SHA256(verifier, raw body)), compared in constant time, on the exact bytes received (pitfall B22). */
export function verifyIntuitSignature(raw: Buffer, header: string | undefined, verifier: string): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', verifier).update(raw).digest();
  const received = Buffer.from(header, 'base64');
  return received.length === expected.length && timingSafeEqual(received, expected);
}

const CloudEvent = z.object({
  specversion: z.string(),
  id: z.string().min(1),
  type: z.string().regex(/^qbo\.\w+\.\w+\.v\d+$/i),
  intuitentityid: z.string().min(1),
  intuitaccountid: z.string().min(1),
  time: z.string().optional(),
});

const Classic = z.object({
  eventNotifications: z.array(
    z.object({
      realmId: z.string().min(1),
      dataChangeEvent: z.object({
        entities: z.array(
          z.object({
            name: z.string(),
            id: z.string().min(1),
            operation: z.string(),
            lastUpdated: z.string().optional(),
            deletedId: z.string().optional(),
          }),
        ),
      }),
    }),
  ),
});

const ENTITY_NAMES: Record<string, QboEntity> = {
  invoice: 'Invoice',
  payment: 'Payment',
  customer: 'Customer',
  creditmemo: 'CreditMemo',
};

/**
 * Parses the CloudEvents array (the current format) or the classic `eventNotifications` (reference §5.1).
 * Entities Dunwise does not store are dropped. Returns null for a body that is neither.
 */
export function parseWebhook(body: unknown): WebhookChange[] | null {
  const cloud = z.array(CloudEvent).min(1).safeParse(body);
  if (cloud.success) {
    return cloud.data.flatMap((event) => {
      const [, name = '', operation = ''] = event.type.toLowerCase().split('.');
      const entity = ENTITY_NAMES[name];
      return entity
        ? [
            {
              dedupeKey: `ce:${event.id}`,
              realmId: event.intuitaccountid,
              entity,
              id: event.intuitentityid,
              operation,
            },
          ]
        : [];
    });
  }
  const classic = Classic.safeParse(body);
  if (!classic.success) return null;
  return classic.data.eventNotifications.flatMap((n) =>
    n.dataChangeEvent.entities.flatMap((e) => {
      const entity = ENTITY_NAMES[e.name.toLowerCase()];
      if (!entity) return [];
      const key = `classic:${n.realmId}:${e.name}:${e.id}:${e.operation}:${e.lastUpdated ?? ''}`;
      const changes: WebhookChange[] = [
        { dedupeKey: key, realmId: n.realmId, entity, id: e.id, operation: e.operation },
      ];
      // A merge removes the merged-away record: re-reading it marks it gone.
      if (e.deletedId) changes.push({ ...changes[0]!, dedupeKey: `${key}:deleted`, id: e.deletedId });
      return changes;
    }),
  );
}

export interface QuickBooksWebhook {
  handler: RequestHandler;
  /** Resolves once every accepted delivery has been processed (tests, graceful shutdown). */
  drain(): Promise<void>;
}

/**
 * `POST /webhooks/quickbooks`, mounted after `express.raw({ type: '*' + '/*' })` so the body is the exact bytes.
 * Order matters: signature first (401), then shape (400), then realm (400 when no event names a company we
 * hold — nothing is stored), then de-duplication in `webhook_event`, then 200 at once; the targeted sync runs
 * after the response, tracked and logged, because Intuit expects an answer within 3 s (reference §5.2).
 */
export function quickBooksWebhook(
  deps: ConnectorDeps,
  verifier: string,
  connector: Pick<QuickBooksConnector, 'syncEntities'>,
): QuickBooksWebhook {
  const inFlight = new Set<Promise<void>>();
  const log = deps.log.child({ module: 'webhooks', provider: 'quickbooks' });

  const handler: RequestHandler = async (req, res) => {
    const raw: unknown = req.body;
    if (!Buffer.isBuffer(raw)) {
      log.error('webhook body is not a raw Buffer: mount express.raw() before this route');
      res.status(400).json({ error: 'raw body required' });
      return;
    }
    if (!verifyIntuitSignature(raw, req.get('intuit-signature'), verifier)) {
      log.warn('QuickBooks webhook with a bad signature refused');
      res.status(401).json({ error: 'bad signature' });
      return;
    }
    let changes: WebhookChange[] | null = null;
    try {
      changes = parseWebhook(JSON.parse(raw.toString('utf8')));
    } catch {
      changes = null;
    }
    if (!changes) {
      log.warn('malformed QuickBooks webhook refused');
      res.status(400).json({ error: 'malformed body' });
      return;
    }
    const realms = [...new Set(changes.map((c) => c.realmId))];
    const orgs =
      realms.length === 0
        ? []
        : await deps.db
            .selectFrom('organisation')
            .select(['id', 'external_id'])
            .where('provider', '=', 'quickbooks')
            .where('external_id', 'in', realms)
            .where('status', '=', 'active')
            .execute();
    if (changes.length > 0 && orgs.length === 0) {
      log.warn({ realms }, 'QuickBooks webhook for unknown realms refused');
      res.status(400).json({ error: 'unknown realm' });
      return;
    }
    const orgByRealm = new Map(orgs.map((o) => [o.external_id, o.id]));
    const known = changes.filter((c) => orgByRealm.has(c.realmId));
    const fresh = known.length === 0 ? [] : await recordNew(deps, known);
    res.status(200).end();

    if (fresh.length === 0) return;
    const work = processChanges(deps, connector, fresh, orgByRealm).catch((error: unknown) =>
      log.error({ err: error }, 'QuickBooks webhook processing failed; the hourly sync will catch up'),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  return {
    handler,
    async drain() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

/** Inserts the events, returning only those never seen before (a retried delivery is acted on once). */
async function recordNew(deps: ConnectorDeps, changes: WebhookChange[]): Promise<WebhookChange[]> {
  const inserted = await deps.db
    .insertInto('webhook_event')
    .values(
      changes.map((c) => ({ provider: 'quickbooks', dedupe_key: c.dedupeKey, payload: JSON.stringify(c) })),
    )
    .onConflict((oc) => oc.columns(['provider', 'dedupe_key']).doNothing())
    .returning('dedupe_key')
    .execute();
  const fresh = new Set(inserted.map((r) => r.dedupe_key));
  return changes.filter((c) => fresh.has(c.dedupeKey));
}

async function processChanges(
  deps: ConnectorDeps,
  connector: Pick<QuickBooksConnector, 'syncEntities'>,
  changes: WebhookChange[],
  orgByRealm: Map<string, string>,
): Promise<void> {
  const byOrg = new Map<string, { refs: EntityRef[]; keys: string[] }>();
  for (const change of changes) {
    const orgId = orgByRealm.get(change.realmId)!;
    const group = byOrg.get(orgId) ?? { refs: [], keys: [] };
    group.refs.push({ entity: change.entity, id: change.id });
    group.keys.push(change.dedupeKey);
    byOrg.set(orgId, group);
  }
  for (const [orgId, group] of byOrg) {
    try {
      await connector.syncEntities(orgId, group.refs, deps.now());
    } catch (error) {
      // One company's failure never holds up the others; its events stay unprocessed for inspection.
      deps.log.warn({ err: error, organisationId: orgId }, 'targeted QuickBooks sync after a webhook failed');
      continue;
    }
    await deps.db
      .updateTable('webhook_event')
      .set({ processed_at: sql`now()` })
      .where('provider', '=', 'quickbooks')
      .where('dedupe_key', 'in', group.keys)
      .execute();
  }
}
