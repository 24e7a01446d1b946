import { EventEmitter } from 'node:events';
import type { Company, CreditNote, Customer, Invoice, Payment, WrittenNote } from './books/types.js';

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
  private offsetMs = 0;

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
  }

  company(id: string): Company | undefined {
    return this.companies.get(id);
  }

  /** Records a change to a record: bumps version and updatedAt, and tells webhook dispatchers. */
  touch(
    company: Company,
    entity: ChangeEntity,
    record: Invoice | Payment | Customer | CreditNote,
    operation: ChangeOperation,
  ): void {
    record.version += 1;
    record.updatedAt = this.now();
    this.emit('change', { companyId: company.id, entity, id: record.id, operation } satisfies ChangeEvent);
  }

  /** Takes the first matching fault that still has uses left (the control API's fault injection). */
  takeFault(target: FaultTarget): Fault | undefined {
    const fault = this.faults.find(
      (f) => f.remaining > 0 && (f.target === target.provider || f.target === 'all') && (!f.companyId || f.companyId === target.companyId),
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
  status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';
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
}

/**
 * What the real providers hold in their developer portals: the registered app's credentials, the secrets used
 * to sign webhooks, and where to deliver them. A null URL means "no webhook subscription".
 */
export interface SandboxApps {
  quickbooks: { clientId: string; clientSecret: string; webhookVerifier: string; webhookUrl: string | null };
  xero: { clientId: string; clientSecret: string; webhookKey: string; webhookUrl: string | null };
  /** The sandbox signs the Event Webhook with its own ECDSA key; the app verifies with `webhookPublicKey` (base64 DER). */
  sendgrid: { apiKey: string; webhookPublicKey: string; webhookPrivateKey: string; webhookUrl: string | null };
  /** Inbound SMS (STOP/START/HELP) are posted to `inboundSmsUrl`, signed with the auth token. */
  twilio: { accountSid: string; authToken: string; inboundSmsUrl: string | null };
}
