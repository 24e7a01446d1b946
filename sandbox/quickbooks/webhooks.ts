import { createHmac } from 'node:crypto';
import type { ChangeEvent, SandboxWorld } from '../world.js';

export const WEBHOOK_BATCH_MS = 200;

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
 * `intuit-signature` = base64(HMAC-SHA256(raw body, verifier token)). Delivery failures are swallowed:
 * Intuit retries later and the connector's CDC is the safety net. Returns a function that stops listening.
 */
export function startWebhookDispatch(
  world: SandboxWorld,
  send: typeof fetch = fetch,
  batchMs = WEBHOOK_BATCH_MS,
): () => void {
  let pending: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;

  const flush = async (): Promise<void> => {
    timer = null;
    const batch = pending;
    pending = [];
    const { webhookUrl, webhookVerifier } = world.apps.quickbooks;
    if (!webhookUrl || batch.length === 0) return;
    const body = JSON.stringify(notificationPayload(batch));
    try {
      await send(webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'intuit-signature': signPayload(body, webhookVerifier),
        },
        body,
      });
    } catch {
      // Unreachable app: nothing to do, like Intuit's retry queue giving up.
    }
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
      timer = setTimeout(() => void flush(), batchMs);
      timer.unref();
    }
  };

  world.on('change', onChange);
  return () => {
    world.off('change', onChange);
    if (timer) clearTimeout(timer);
    timer = null;
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
