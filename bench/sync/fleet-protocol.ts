import type { SandboxApps } from '../../sandbox/world.js';
import type { ProviderTraffic } from './fleet-traffic.js';

/** One company the fleet sandbox serves. */
export interface FleetCompany {
  provider: 'quickbooks' | 'xero';
  /** QuickBooks realmId or Xero tenantId. */
  id: string;
}

/** Many small generated books (the hourly-sync fleet), or books built so that a known set of steps is due. */
export type FleetBooks =
  | { kind: 'generated'; organisations: number; asOf: string }
  | {
      kind: 'due';
      organisations: number;
      customersPerOrganisation: number;
      localDate: string;
      region: Region;
    };

/** Where the tick bench's businesses and customers are: chosen so that calls are inside 08:00–21:00 right now. */
export interface Region {
  country: 'GB' | 'NZ';
  timeZone: string;
  currency: string;
}

export type FleetSandboxRequest =
  | { type: 'start'; books: FleetBooks }
  | { type: 'traffic' }
  | { type: 'reset-traffic' }
  | { type: 'received' };

export interface FleetSandboxStarted {
  url: string;
  /** A sink answering 204 to every callback (APP_URL): status callbacks need somewhere to go. */
  appUrl: string;
  apps: SandboxApps;
  companies: FleetCompany[];
  /** Invoices across every book (what the initial syncs must store). */
  invoices: number;
}

/** What the sandbox received in the tick, by customer and channel, against what the books make due. */
export interface ReceivedSummary {
  emails: number;
  sms: number;
  calls: number;
  /** (customer, channel) pairs that received more than one message, and how many extra messages. */
  duplicatePairs: number;
  duplicateMessages: number;
  /** Expected (customer, channel) pairs that received nothing. */
  missingPairs: number;
  /** Messages to a recipient or on a channel the books did not make due. */
  unexpected: number;
  /** Customers that received exactly what their step sends, per step. */
  completeByStep: Record<string, number>;
  /** Most SMS sent from one number within one second (Twilio queues above 1/s per long code). */
  peakSmsPerSenderSecond: number;
}

export type Traffic = Record<string, ProviderTraffic>;
