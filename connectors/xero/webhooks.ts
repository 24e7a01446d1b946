import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import * as z from 'zod';
import type { ConnectorDeps } from '../deps.js';
import type { XeroConfig } from './client.js';
import type { XeroConnector } from './index.js';
import type { ChangedResources } from './targeted.js';

/** base64(HMAC-SHA256(webhook key, raw body bytes)), compared in constant time (B22). */
export function verifyXeroSignature(
  webhookKey: string,
  rawBody: Buffer,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  const expected = createHmac('sha256', webhookKey).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const EventSchema = z.object({
  resourceUrl: z.string().optional(),
  resourceId: z.string(),
  eventDateUtc: z.string(),
  eventType: z.string(),
  eventCategory: z.string(),
  tenantId: z.string(),
  tenantType: z.string().optional(),
});
const PayloadSchema = z.object({
  events: z.array(EventSchema),
  firstEventSequence: z.number().optional(),
  lastEventSequence: z.number().optional(),
  entropy: z.string().optional(),
});
type XeroEvent = z.infer<typeof EventSchema>;

export interface XeroWebhookOptions {
  /** Runs the targeted fetches after the response; the default fires and forgets (errors are logged). */
  schedule?: (task: () => Promise<void>) => void;
}

/**
 * POST /webhooks/xero: the router serves `/xero` and is mounted under /webhooks by the app (AppDeps.webhookRouters),
 * which applies `express.raw()` there, so `req.body` is the exact bytes Xero
 * signed. Intent-to-receive and real deliveries are treated alike: a good signature gets 200 with an empty body
 * at once (Xero allows 5 s), a bad one 401, a malformed body 400 — and nothing is stored for either. Events are
 * recorded (deduplicated in webhook_event) before answering; the fetches they trigger run afterwards.
 */
export function xeroWebhookRoutes(
  deps: ConnectorDeps,
  config: XeroConfig,
  connector: XeroConnector,
  options: XeroWebhookOptions = {},
): Router {
  const router = express.Router();
  const schedule =
    options.schedule ??
    ((task: () => Promise<void>) => {
      task().catch((error: unknown) => deps.log.error({ err: error }, 'xero webhook processing failed'));
    });

  router.post('/xero', async (req: Request, res: Response) => {
    const raw: unknown = req.body;
    if (!Buffer.isBuffer(raw)) {
      // A parsed body cannot be verified (re-serialised JSON loses Xero's spacing): mount express.raw first.
      deps.log.error('xero webhook received without a raw body; is express.raw mounted for /webhooks?');
      return void res.status(401).end();
    }
    if (!verifyXeroSignature(config.webhookKey, raw, req.get('x-xero-signature'))) {
      deps.log.warn('xero webhook with a bad signature refused');
      return void res.status(401).end();
    }
    let payload: z.infer<typeof PayloadSchema>;
    try {
      payload = PayloadSchema.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      deps.log.warn('xero webhook with a malformed body refused');
      return void res.status(400).end();
    }
    const fresh = await recordEvents(deps, payload.events);
    res.status(200).end();
    if (fresh.length > 0) schedule(() => processXeroEvents(deps, connector, fresh));
  });
  return router;
}

function dedupeKey(e: XeroEvent): string {
  return [e.tenantId, e.eventCategory, e.eventType, e.resourceId, e.eventDateUtc].join(':');
}

/** Inserts the events not seen before and returns those: a redelivery changes nothing. */
async function recordEvents(deps: ConnectorDeps, events: XeroEvent[]): Promise<XeroEvent[]> {
  if (events.length === 0) return [];
  const byKey = new Map(events.map((e) => [dedupeKey(e), e]));
  const inserted = await deps.db
    .insertInto('webhook_event')
    .values([...byKey].map(([key, e]) => ({ provider: 'xero', dedupe_key: key, payload: JSON.stringify(e) })))
    .onConflict((oc) => oc.columns(['provider', 'dedupe_key']).doNothing())
    .returning('dedupe_key')
    .execute();
  return inserted.map((r) => byKey.get(r.dedupe_key)!);
}

/**
 * Groups events by tenant and fetches the named invoices, contacts and credit notes for every active Dunwise
 * organisation on that tenant (two workspaces may have connected the same Xero organisation).
 */
export async function processXeroEvents(
  deps: ConnectorDeps,
  connector: XeroConnector,
  events: XeroEvent[],
): Promise<void> {
  const byTenant = new Map<string, ChangedResources>();
  for (const e of events) {
    if (e.tenantType && e.tenantType !== 'ORGANISATION') continue;
    const changed = byTenant.get(e.tenantId) ?? { invoices: [], contacts: [], creditNotes: [] };
    byTenant.set(e.tenantId, changed);
    if (e.eventCategory === 'INVOICE') changed.invoices.push(e.resourceId);
    else if (e.eventCategory === 'CONTACT') changed.contacts.push(e.resourceId);
    else if (e.eventCategory === 'CREDITNOTE') changed.creditNotes.push(e.resourceId);
  }
  for (const [tenantId, changed] of byTenant) {
    const organisations = await deps.db
      .selectFrom('organisation')
      .select('id')
      .where('provider', '=', 'xero')
      .where('external_id', '=', tenantId)
      .where('status', '=', 'active')
      .execute();
    for (const org of organisations) {
      try {
        await connector.syncChangedResources(org.id, changed, deps.now());
      } catch (error) {
        deps.log.warn(
          { organisationId: org.id, err: error },
          'xero webhook fetch failed; the hourly sync will catch up',
        );
      }
    }
  }
  const keys = events.map(dedupeKey);
  await deps.db
    .updateTable('webhook_event')
    .set({ processed_at: deps.now() })
    .where('provider', '=', 'xero')
    .where('dedupe_key', 'in', keys)
    .execute();
}
