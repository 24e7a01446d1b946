import { randomBytes } from 'node:crypto';
import type { SandboxWorld, ChangeEvent } from '../../world.js';
import { xeroId, type XeroIdKind } from '../ids.js';
import { signXeroWebhook } from './sign.js';

/**
 * Xero webhooks (reference §5): world 'change' events of Xero companies become INVOICE / CONTACT / CREDITNOTE
 * events. There is no PAYMENT category: a payment shows up as an INVOICE UPDATE of each invoice it settles.
 * Events raised in the same tick go out as one signed batch, as Xero batches them.
 */
export interface XeroWebhookEvent {
  resourceUrl: string;
  resourceId: string;
  eventDateUtc: string;
  eventType: 'CREATE' | 'UPDATE';
  eventCategory: 'INVOICE' | 'CONTACT' | 'CREDITNOTE';
  tenantId: string;
  tenantType: 'ORGANISATION';
}

export interface WebhookDelivery {
  at: number;
  url: string;
  body: string;
  status: number | null;
  error: string | null;
}

export interface XeroWebhookDispatcher {
  deliveries: WebhookDelivery[];
  /** Resolves when every batch queued so far has been delivered (or failed). */
  flush(): Promise<void>;
  stop(): void;
}

const RESOURCE: Record<XeroWebhookEvent['eventCategory'], { path: string; kind: XeroIdKind }> = {
  INVOICE: { path: 'Invoices', kind: 'invoice' },
  CONTACT: { path: 'Contacts', kind: 'contact' },
  CREDITNOTE: { path: 'CreditNotes', kind: 'creditnote' },
};

export function startXeroWebhooks(world: SandboxWorld, resourceBase: string): XeroWebhookDispatcher {
  const deliveries: WebhookDelivery[] = [];
  const inFlight = new Set<Promise<void>>();
  let pending: XeroWebhookEvent[] = [];
  let sequence = 0;
  let scheduled = false;

  const event = (
    change: ChangeEvent,
    category: XeroWebhookEvent['eventCategory'],
    id: string,
    type: XeroWebhookEvent['eventType'],
  ): XeroWebhookEvent => {
    const resourceId = xeroId(change.companyId, RESOURCE[category].kind, id);
    return {
      resourceUrl: `${resourceBase}/${RESOURCE[category].path}/${resourceId}`,
      resourceId,
      eventDateUtc: new Date(world.now()).toISOString().replace('Z', ''),
      eventType: type,
      eventCategory: category,
      tenantId: change.companyId,
      tenantType: 'ORGANISATION',
    };
  };

  const toEvents = (change: ChangeEvent): XeroWebhookEvent[] => {
    const company = world.company(change.companyId);
    if (company?.provider !== 'xero') return [];
    const type = change.operation === 'Create' ? 'CREATE' : 'UPDATE';
    switch (change.entity) {
      case 'Invoice':
        return [event(change, 'INVOICE', change.id, type)];
      case 'Customer':
        return [event(change, 'CONTACT', change.id, type)];
      case 'CreditMemo':
        return [event(change, 'CREDITNOTE', change.id, type)];
      case 'Payment': {
        const payment =
          company.index.payments.get(change.id) ?? company.payments.find((p) => p.id === change.id);
        return (payment?.applications ?? []).map((a) => event(change, 'INVOICE', a.invoiceId, 'UPDATE'));
      }
    }
  };

  const send = async (events: XeroWebhookEvent[]): Promise<void> => {
    const url = world.apps.xero.webhookUrl;
    if (!url) return;
    const first = sequence + 1;
    sequence += events.length;
    const body = JSON.stringify({
      events,
      firstEventSequence: first,
      lastEventSequence: sequence,
      entropy: randomBytes(10).toString('hex').toUpperCase(),
    });
    const delivery: WebhookDelivery = { at: world.now(), url, body, status: null, error: null };
    deliveries.push(delivery);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-xero-signature': signXeroWebhook(body, world.apps.xero.webhookKey),
        },
        body,
        signal: AbortSignal.timeout(5_000),
      });
      delivery.status = response.status;
      await response.body?.cancel();
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
  };

  const onChange = (change: ChangeEvent): void => {
    const events = toEvents(change);
    if (events.length === 0 || !world.apps.xero.webhookUrl) return;
    pending.push(...events);
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const batch = pending;
      pending = [];
      const p = send(batch).finally(() => inFlight.delete(p));
      inFlight.add(p);
    });
  };

  world.on('change', onChange);
  return {
    deliveries,
    async flush() {
      await new Promise<void>((resolve) => setImmediate(resolve));
      await Promise.all([...inFlight]);
    },
    stop() {
      world.off('change', onChange);
    },
  };
}
