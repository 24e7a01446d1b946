import { EventEmitter } from 'node:events';
import type { Company, CreditNote, Customer, Invoice, Payment, WrittenNote } from './books/types.js';
import { forgetUpdateOrder } from './books/update-order.js';

/**
 * The whole state of the sandbox: its clock, the books of every company it serves, what it has received
 * (emails, SMS, calls, notes) and the faults it has been asked to inject. Provider stand-ins read and change
 * books only through this object so that the control API, webhooks and every provider stay consistent.
 *
 * Events emitted (for webhooks and the control page):
 *   'change' ({ companyId, entity: 'Invoice'|'Payment'|'Customer'|'CreditMemo', id, operation: 'Create'|'Update'|'Delete'|'Void' })
 */
export class SandboxWorld extends EventEmitter {
  readonly companies = new Map<string, Company>();
  readonly received = {
    emails: [] as ReceivedEmail[],
    sms: [] as ReceivedSms[],
    calls: [] as ReceivedCall[],
    notes: [] as WrittenNote[],
  };
  readonly faults: Fault[] = [];
  /** Webhooks and callbacks the sandbox tried to deliver to the app, with the outcome, for inspection. */
  readonly deliveries: WebhookDelivery[] = [];
  /** SendGrid account state: verified Sender Identities and scripted outcomes per recipient address. */
  readonly sendgrid = {
    verifiedSenders: new Set<string>(),
    outcomes: new Map<string, EmailOutcome>(),
  };
  /** Twilio account state: which numbers are landlines, who replied STOP to which sender, scripted call outcomes. */
  readonly twilio = {
    landlines: new Set<string>(),
    /** `${recipient}|${sender}` pairs: Twilio refuses sender → recipient with 21610 until the recipient sends START. */
    optOuts: new Set<string>(),
    callOutcomes: new Map<string, CallOutcome>(),
  };
  private offsetMs = 0;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    /** The app registrations the sandbox accepts: client credentials, webhook secrets and targets. */
    readonly apps: SandboxApps,
    private readonly baseClock: () => number = Date.now,
  ) {
    super();
  }

  /** Sandbox time: the real clock plus whatever the control API advanced it by. */
  now(): number {
    return this.baseClock() + this.offsetMs;
  }

  advanceClock(ms: number): void {
    this.offsetMs += ms;
  }

  addCompany(company: Company): void {
    this.companies.set(company.id, company);
    // Twilio knows which numbers are landlines (its Lookup data); ours are the customers' landlines.
    for (const customer of company.customers)
      if (customer.landline) this.twilio.landlines.add(customer.landline);
  }

  company(id: string): Company | undefined {
    return this.companies.get(id);
  }

  /**
   * Records a change to a record: bumps version (not on 'Create': a new record is version 0, SyncToken "0")
   * and updatedAt, and tells webhook dispatchers.
   */
  touch(
    company: Company,
    entity: ChangeEntity,
    record: Invoice | Payment | Customer | CreditNote,
    operation: ChangeOperation,
  ): void {
    if (operation !== 'Create') record.version += 1;
    record.updatedAt = this.now();
    forgetUpdateOrder(company);
    this.emit('change', { companyId: company.id, entity, id: record.id, operation } satisfies ChangeEvent);
  }

  /**
   * Keeps a background delivery (webhook, status callback) in view so tests can `await world.idle()` instead
   * of sleeping. The promise must not reject: dispatchers catch and record their own failures.
   */
  track(delivery: Promise<unknown>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  /**
   * POSTs a webhook or callback to the app in the background, recording the outcome in `deliveries`. Never
   * throws and never blocks the request that caused it: a dead or slow app must not break the sandbox's API.
   */
  deliver(
    kind: WebhookDelivery['kind'],
    url: string,
    init: { headers: Record<string, string>; body: string },
  ): void {
    const delivery: WebhookDelivery = { at: this.now(), kind, url, status: null, error: null };
    this.deliveries.push(delivery);
    this.track(
      fetch(url, {
        method: 'POST',
        headers: init.headers,
        body: init.body,
        signal: AbortSignal.timeout(10_000),
      })
        .then(async (response) => {
          delivery.status = response.status;
          await response.arrayBuffer();
        })
        .catch((error: unknown) => {
          delivery.error = error instanceof Error ? error.message : String(error);
        }),
    );
  }

  /** Resolves once every tracked delivery, including ones started meanwhile, has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Forgets everything received and scripted (emails, SMS, calls, notes, faults, opt-outs); keeps books and clock. */
  reset(): void {
    this.received.emails.length = 0;
    this.received.sms.length = 0;
    this.received.calls.length = 0;
    this.received.notes.length = 0;
    this.faults.length = 0;
    this.deliveries.length = 0;
    this.sendgrid.outcomes.clear();
    this.twilio.optOuts.clear();
    this.twilio.callOutcomes.clear();
  }

  /** Takes the first matching fault that still has uses left (the control API's fault injection). */
  takeFault(target: FaultTarget): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.target === target.provider || f.target === 'all') &&
        (!f.companyId || f.companyId === target.companyId),
    );
    if (fault) fault.remaining -= 1;
    return fault;
  }
}

export type ChangeEntity = 'Invoice' | 'Payment' | 'Customer' | 'CreditMemo';
export type ChangeOperation = 'Create' | 'Update' | 'Delete' | 'Void';

export interface ChangeEvent {
  companyId: string;
  entity: ChangeEntity;
  id: string;
  operation: ChangeOperation;
}

/** What happens to an email after SendGrid accepts it (the Event Webhook event sent for it). */
export type EmailOutcome = 'delivered' | 'bounce' | 'dropped' | 'spamreport' | 'unsubscribe';

/** How a call to a number goes: answered by a person or a machine, or never answered. */
export type CallOutcome = 'human' | 'machine' | 'no-answer' | 'busy' | 'failed';

export interface WebhookDelivery {
  at: number;
  kind: 'sendgrid-event' | 'twilio-status' | 'twilio-inbound' | 'twilio-voice-url' | 'quickbooks' | 'xero';
  url: string;
  /** HTTP status the app answered, or null when the request failed (error says why). */
  status: number | null;
  error: string | null;
}

export interface FaultTarget {
  provider: 'quickbooks' | 'xero' | 'sendgrid' | 'twilio';
  companyId?: string;
}

export interface Fault {
  target: FaultTarget['provider'] | 'all';
  companyId?: string;
  /** rate-limit: the provider's real 429; server-error: 500/503; slow: delay then answer; revoked: token no longer valid. */
  kind: 'rate-limit' | 'rate-limit-day' | 'server-error' | 'slow' | 'revoked';
  /** How many requests it affects. */
  remaining: number;
  delayMs?: number;
}

export interface ReceivedEmail {
  id: string;
  at: number;
  from: string;
  replyTo: string | null;
  to: string[];
  subject: string;
  text: string | null;
  html: string | null;
  customArgs: Record<string, string>;
  status: 'processed' | 'delivered' | 'bounce' | 'dropped' | 'spamreport' | 'unsubscribe';
}

export interface ReceivedSms {
  sid: string;
  at: number;
  from: string;
  to: string;
  body: string;
  statusCallback: string | null;
  status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';
  /** 'outbound-api' for what the app sent; 'inbound' for the replies the control API made a number send. */
  direction: 'outbound-api' | 'inbound';
  messagingServiceSid: string | null;
  numSegments: number;
}

export interface ReceivedCall {
  sid: string;
  at: number;
  from: string;
  to: string;
  /** TwiML the app supplied (inline `Twiml` or fetched from `Url`). */
  twiml: string | null;
  url: string | null;
  statusCallback: string | null;
  machineDetection: string | null;
  status: 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
  answeredBy: 'human' | 'machine_start' | 'machine_end_beep' | 'unknown' | null;
  /** Seconds the call lasted once answered (0 when it never was). */
  duration: number;
}

/**
 * What the real providers hold in their developer portals: the registered app's credentials, the secrets used
 * to sign webhooks, and where to deliver them. A null URL means "no webhook subscription".
 */
export interface SandboxApps {
  quickbooks: { clientId: string; clientSecret: string; webhookVerifier: string; webhookUrl: string | null };
  xero: { clientId: string; clientSecret: string; webhookKey: string; webhookUrl: string | null };
  /** The sandbox signs the Event Webhook with its own ECDSA key; the app verifies with `webhookPublicKey` (base64 DER). */
  sendgrid: {
    apiKey: string;
    webhookPublicKey: string;
    webhookPrivateKey: string;
    webhookUrl: string | null;
  };
  /** Inbound SMS (STOP/START/HELP) are posted to `inboundSmsUrl`, signed with the auth token. */
  twilio: { accountSid: string; authToken: string; inboundSmsUrl: string | null };
}
