import type { Provider } from '../../server/db/schema.js';

/** What the sandbox child knows about the book it serves: the truth the synced copy is checked against. */
export interface BookTruth {
  /** Invoices the provider's API lists (deleted ones are not listed). */
  invoices: number;
  openInvoices: number;
  /** Open amount due per currency, in minor units (cents) as the sandbox keeps it. */
  openCentsByCurrency: Record<string, number>;
  customers: number;
  payments: number;
}

export interface SandboxStarted {
  url: string;
  provider: Provider;
  companyId: string;
  /** The calendar date the book was generated around ('YYYY-MM-DD'): "today" for overdue counts. */
  asOf: string;
  /** The app registration the Dunwise side must use (QuickBooks: generated per run; Xero: the test app). */
  app: { clientId: string; clientSecret: string; webhookKey: string };
  truth: BookTruth;
}

export type SandboxRequest =
  | { type: 'start'; provider: Provider; invoices: number; seed: number; asOf: string }
  | { type: 'pay'; count: number }
  | { type: 'truth' }
  | { type: 'api-calls' }
  /** The sandbox process's CPU so far, ms. */
  | { type: 'cpu' };

export interface SyncRunRequest {
  provider: Provider;
  sandbox: SandboxStarted;
  databaseUrl: string;
  /** Sizes above this skip the steady-state day (its 24 syncs and the pre-send checks). */
  simulateDay: boolean;
}

/** The Dunwise child's report of one full sync and what followed it. */
export interface SyncRunReport {
  fullSyncMs: number;
  fullSyncApiCalls: number;
  syncedInvoices: number;
  /** process.resourceUsage().maxRSS after the full sync, in MiB: the peak of the Dunwise process. */
  peakRssMb: number;
  /** CPU each process spent during the full sync, ms (Postgres null where it cannot be read; see cpu.ts). */
  fullSyncCpuMs: { dunwise: number; sandbox: number; postgres: number | null };
  stored: { invoices: number; openInvoices: number; openByCurrency: Record<string, string> };
  unchanged: { apiCalls: number; rowsRewritten: number; ms: number } | null;
  day: {
    hourlyApiCalls: number;
    reconcileApiCalls: number;
    touchpoints: number;
    preSendApiCalls: number;
    noteApiCalls: number;
  } | null;
}
