import type { InvoiceStatus, Provider } from '../server/db/schema.js';

export type { Provider };

/**
 * What a provider connector gives the rest of Dunwise. One implementation per provider
 * (connectors/quickbooks, connectors/xero); the sync engine, the cadence and the web app only see this.
 * Organisations are Dunwise's `organisation.id`; the connector finds the grant, refreshes tokens under a row
 * lock (connectors/tokens.ts) and paces calls to the provider's limits.
 */
export interface Connector {
  readonly provider: Provider;

  /**
   * Brings the organisation's copy up to date: a full paged sync the first time, incremental afterwards,
   * reconciliation of open invoices when due (or when asked). Records a `sync_run`. Never throws for one bad
   * record; throws ConnectorError for what stops the whole sync (needs reconnect, day quota...).
   */
  syncOrganisation(organisationId: string, options: SyncOptions): Promise<SyncOutcome>;

  /** Re-reads one invoice at the source right before a message about it is sent (one API call). */
  fetchInvoiceState(organisationId: string, invoiceExternalId: string): Promise<RemoteInvoiceState>;

  /**
   * Writes an activity note on the source invoice (QuickBooks Attachable note, Xero History record).
   * Idempotent on `idempotencyKey`: a retry never makes a second note. The text is normalised and cut to the
   * provider's limit by the connector.
   */
  addInvoiceNote(
    organisationId: string,
    invoiceExternalId: string,
    text: string,
    idempotencyKey: string,
  ): Promise<{ externalId: string | null }>;
}

export interface SyncOptions {
  kind?: 'auto' | 'full' | 'incremental' | 'reconcile';
  /** The scheduled time of the job that asked (never the wall clock inside the connector). */
  now: Date;
}

export interface SyncOutcome {
  syncRunId: string;
  kind: 'full' | 'incremental' | 'reconcile' | 'webhook';
  status: 'succeeded' | 'failed' | 'partial';
  apiCalls: number;
  counts: Record<string, number>;
}

export interface RemoteInvoiceState {
  /** 'deleted' when the source no longer has it. */
  status: InvoiceStatus;
  amountDue: string;
  currency: string;
}

/** A customer as the sync maps it from either provider, before it is stored (connectors/store.ts). */
export interface SyncedCustomer {
  externalId: string;
  name: string;
  contactName: string | null;
  country: string | null;
  currency: string | null;
  active: boolean;
  emails: { value: string; name: string | null; primary: boolean }[];
  phones: { value: string; type: 'mobile' | 'landline' | 'unknown'; name: string | null; primary: boolean }[];
  remoteUpdatedAt: Date | null;
}

export interface SyncedInvoice {
  externalId: string;
  number: string | null;
  customerExternalId: string;
  currency: string;
  /** Decimal strings as the source sent them; amountDue is the source's own (QuickBooks Balance, Xero AmountDue). */
  total: string;
  amountDue: string;
  issueDate: string | null;
  dueDate: string | null;
  status: InvoiceStatus;
  payUrl: string | null;
  syncToken: string | null;
  remoteUpdatedAt: Date | null;
}

export interface SyncedPayment {
  externalId: string;
  customerExternalId: string | null;
  currency: string;
  amount: string;
  unappliedAmount: string;
  paidOn: string | null;
  invoiceExternalIds: string[];
  deleted: boolean;
  remoteUpdatedAt: Date | null;
}

export interface SyncedCredit {
  externalId: string;
  kind: 'credit_memo' | 'credit_note' | 'overpayment' | 'prepayment';
  customerExternalId: string | null;
  currency: string;
  total: string;
  remaining: string;
  issuedOn: string | null;
  voided: boolean;
  remoteUpdatedAt: Date | null;
}

export type DeletedRecord =
  | { entity: 'invoice' | 'payment' | 'customer'; externalId: string }
  | { entity: 'credit'; kind: SyncedCredit['kind']; externalId: string };

export type ConnectorErrorKind =
  /** The grant is gone (invalid_grant, revoked, organisation disconnected): stop and ask the user to reconnect. */
  | 'needs_reconnect'
  /** Throttled: retry after `retryAfterMs`. `scope: 'day'` means the daily quota is spent. */
  | 'rate_limited'
  /** 5xx, timeouts, network: retry later, nothing is wrong with the request. */
  | 'transient'
  /** The provider refused this request (4xx validation); retrying the same request will not help. */
  | 'rejected'
  | 'not_found';

export class ConnectorError extends Error {
  constructor(
    readonly provider: Provider,
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly details: {
      retryAfterMs?: number;
      scope?: 'minute' | 'day' | 'concurrent';
      status?: number;
    } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ConnectorError';
  }
}

export function isConnectorError(error: unknown, kind?: ConnectorErrorKind): error is ConnectorError {
  return error instanceof ConnectorError && (kind === undefined || error.kind === kind);
}
