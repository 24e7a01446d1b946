import { DateTime } from 'luxon';
import { defaultCadenceSettings } from '../settings/defaults.js';
import type { CadenceSettings } from '../settings/schema.js';
import type { CustomerCadenceInput, CustomerFacts, InvoiceFacts } from './types.js';

// Builders for the policy's table tests: every value is fixed, nothing depends on the process time zone.

export const NZ_MOBILE = '+64211234567';
export const NZ_LANDLINE = '+6493001234';

/** The default cadence for an Auckland business with sender numbers (autopilot on). */
export function nzSettings(overrides: Partial<CadenceSettings> = {}): CadenceSettings {
  return {
    ...defaultCadenceSettings({
      timeZone: 'Pacific/Auckland',
      country: 'NZ',
      smsFrom: NZ_MOBILE,
      callerNumber: NZ_LANDLINE,
    }),
    ...overrides,
  };
}

/** An instant given as wall-clock time in `zone` ('2026-12-07T10:00'). */
export function at(local: string, zone = 'Pacific/Auckland'): Date {
  return DateTime.fromISO(local, { zone }).toJSDate();
}

/** Renders an instant as wall-clock time in `zone`, for readable assertions. */
export function wall(instant: Date, zone = 'Pacific/Auckland'): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

export function customer(overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return {
    id: 'c1',
    name: 'Kowhai Cafe',
    country: 'NZ',
    timeZone: null,
    language: null,
    pausedUntil: null,
    excluded: false,
    emails: [{ address: 'accounts@kowhai.example', usable: true }],
    phones: [{ number: NZ_MOBILE, type: 'mobile', usable: true, optedOut: { sms: false, call: false } }],
    ...overrides,
  };
}

export function invoice(overrides: Partial<InvoiceFacts> = {}): InvoiceFacts {
  return {
    id: 'i1',
    number: 'INV-001',
    currency: 'NZD',
    amountDue: '100.00',
    dueDate: '2026-11-30',
    status: 'open',
    disputed: false,
    disputedUntil: null,
    promiseToPayUntil: null,
    overdueAtConnect: false,
    enrolled: false,
    stepsDone: [],
    ...overrides,
  };
}

export function input(overrides: Partial<CustomerCadenceInput> = {}): CustomerCadenceInput {
  return {
    organisation: { needsReconnect: false, emailDisabled: false },
    customer: customer(),
    invoices: [invoice()],
    touchpoints: [],
    unappliedCredits: [],
    pendingApprovalSince: null,
    ...overrides,
  };
}
