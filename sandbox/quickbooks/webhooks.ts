import { createHmac, randomUUID } from 'node:crypto';
import type { ChangeEvent, SandboxWorld } from '../world.js';

export const WEBHOOK_BATCH_MS = 200;

/**
 * 'classic': `{"eventNotifications":[…]}` as `application/json`. 'cloudevents': the array of CloudEvents Intuit
 * moved apps to in 2026 (`type` qbo.<entity>.<operation>.v1, `intuitaccountid` = realmId), as
 * `application/cloudevents+json`. Both carry the same `intuit-signature`.
 */
export type WebhookFormat = 'classic' | 'cloudevents';

const PAST_TENSE: Record<string, string> = {
  Create: 'created',
  Update: 'updated',
  Delete: 'deleted',
  Void: 'voided',
};

interface Pending {
  realmId: string;
  name: string;
  id: string;
  operation: string;
  lastUpdated: string;
}

/**
 * Intuit's data-change webhooks (reference §5): changes to QuickBooks companies are batched briefly, then
 * POSTed to the app's webhook URL as the classic `eventNotifications` payload, signed with
 * `intuit-signature` = base64(HMAC-SHA256(raw body, verifier token)). `world.deliver` records each attempt in
 * `world.deliveries` and never throws; the batching wait is tracked so `await world.idle()` covers it.
 * Returns a function that stops listening.
 */
export function startWebhookDispatch(
  world: SandboxWorld,
  format: WebhookFormat = 'classic',
  batchMs = WEBHOOK_BATCH_MS,
): () => void {
  let pending: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;
  let settle: (() => void) | null = null;

  const flush = (): void => {
    timer = null;
    const batch = pending;
    pending = [];
    const { webhookUrl, webhookVerifier } = world.apps.quickbooks;
    if (webhookUrl && batch.length > 0) {
      const cloud = format === 'cloudevents';
      const body = JSON.stringify(cloud ? cloudEventsPayload(batch) : notificationPayload(batch));
      world.deliver('quickbooks', webhookUrl, {
        headers: {
          'content-type': cloud ? 'application/cloudevents+json' : 'application/json',
          'intuit-signature': signPayload(body, webhookVerifier),
        },
        body,
      });
    }
    settle?.();
    settle = null;
  };

  const onChange = (event: ChangeEvent): void => {
    const company = world.company(event.companyId);
    if (company?.provider !== 'quickbooks') return;
    pending.push({
      realmId: event.companyId,
      name: event.entity,
      id: event.id,
      operation: event.operation,
      lastUpdated: new Date(world.now()).toISOString(),
    });
    if (!timer) {
      timer = setTimeout(flush, batchMs);
      timer.unref();
      world.track(
        new Promise<void>((resolve) => {
          settle = resolve;
        }),
      );
    }
  };

  world.on('change', onChange);
  return () => {
    world.off('change', onChange);
    if (timer) clearTimeout(timer);
    timer = null;
    settle?.();
    settle = null;
  };
}

export function signPayload(rawBody: string, verifier: string): string {
  return createHmac('sha256', verifier).update(rawBody).digest('base64');
}

/** One `eventNotifications` entry per realm, its changes in the order they happened. */
function notificationPayload(batch: Pending[]): object {
  const byRealm = new Map<string, Pending[]>();
  for (const event of batch) {
    const list = byRealm.get(event.realmId);
    if (list) list.push(event);
    else byRealm.set(event.realmId, [event]);
  }
  return {
    eventNotifications: [...byRealm].map(([realmId, events]) => ({
      realmId,
      dataChangeEvent: {
        entities: events.map(({ name, id, operation, lastUpdated }) => ({
          name,
          id,
          operation,
          lastUpdated,
        })),
      },
    })),
  };
}

function cloudEventsPayload(batch: Pending[]): object[] {
  return batch.map((event) => ({
    specversion: '1.0',
    id: randomUUID(),
    source: 'intuit.dsnBgbseACLLRZnsvqLhfA==',
    type: `qbo.${event.name.toLowerCase()}.${PAST_TENSE[event.operation] ?? event.operation.toLowerCase()}.v1`,
    datacontenttype: 'application/json',
    time: event.lastUpdated,
    intuitentityid: event.id,
    intuitaccountid: event.realmId,
    data: {},
  }));
}
