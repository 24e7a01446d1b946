import { addDays } from '../../sandbox/books/calendar.js';
import { buildCustomer, buildInvoice } from '../../sandbox/books/build.js';
import { emptyIndex } from '../../sandbox/books/index-company.js';
import { isValidNumber } from '../../sandbox/twilio/numbers.js';
import type { Company } from '../../sandbox/books/types.js';
import type { FleetCompany, Region } from '../sync/fleet-protocol.js';

/** The default cadence's channels per step (cadence/settings/defaults.ts): what each due customer must receive. */
export const STEP_CHANNELS: Record<number, ('email' | 'sms' | 'call')[]> = {
  1: ['email'],
  2: ['call'],
  3: ['email', 'sms'],
  4: ['call'],
};

/** One customer the books make due, and how the sandbox recognises what it receives. */
export interface DueCustomer {
  key: string;
  step: number;
  email: string;
  mobile: string;
}

/** The n-th company of the fleet: realm ids for QuickBooks, tenant GUIDs for Xero, alternating. */
export function fleetCompanyId(index: number): FleetCompany {
  if (index % 2 === 0) return { provider: 'quickbooks', id: String(9_130_000_000_000_000 + index) };
  return { provider: 'xero', id: `0b7c2d4e-6f81-4a93-b5c7-${index.toString(16).padStart(12, '0')}` };
}

export function emptyCompany(
  ref: FleetCompany,
  name: string,
  region: Pick<Region, 'country' | 'currency' | 'timeZone'>,
  createdAt: number,
): Company {
  return {
    ...ref,
    name,
    country: region.country,
    currency: region.currency,
    timeZone: region.timeZone,
    shortCode: `!B${ref.id.slice(-4)}`,
    createdAt,
    customers: [],
    invoices: [],
    payments: [],
    creditNotes: [],
    nextId: 1,
    index: emptyIndex(),
  };
}

/**
 * A business whose `customers` customers each have one invoice overdue by exactly 7, 14, 21 or 28 days on
 * `localDate` (steps 1–4 in turn: email; call; email + SMS; call) and one not yet due. On `localDate` inside the
 * send window, every one of them is due exactly one touchpoint. Each customer has its own email and mobile, so
 * what the sandbox receives leads back to the customer.
 */
export function buildDueCompany(
  index: number,
  customers: number,
  localDate: string,
  region: Region,
): { company: Company; due: DueCustomer[] } {
  const at = Date.parse(`${addDays(localDate, -60)}T00:00:00Z`);
  const company = emptyCompany(fleetCompanyId(index), `Bench Client ${index + 1}`, region, at);
  const due: DueCustomer[] = [];
  for (let i = 0; i < customers; i++) {
    const serial = index * customers + i;
    const step = (i % 4) + 1;
    const email = `ap.${index + 1}.${i + 1}@example.com`;
    const mobile = mobileNumber(region, serial);
    const customer = buildCustomer(
      company,
      { displayName: `Customer ${index + 1}-${i + 1}`, contactName: `Alex ${i + 1}`, email, mobile },
      at,
    );
    const overdueBy = 7 * step;
    const line = [{ description: 'Consulting', quantity: 1, unitAmountCents: 10_000 + (serial % 50) * 100 }];
    buildInvoice(
      company,
      {
        customerId: customer.id,
        issueDate: addDays(localDate, -overdueBy - 30),
        dueDate: addDays(localDate, -overdueBy),
        lines: line,
      },
      at,
    );
    buildInvoice(
      company,
      {
        customerId: customer.id,
        issueDate: addDays(localDate, -5),
        dueDate: addDays(localDate, 25),
        lines: line,
      },
      at,
    );
    due.push({ key: `${company.id}/${customer.id}`, step, email, mobile });
  }
  return { company, due };
}

/** A valid mobile number per serial: UK 07400 xxxxxx, New Zealand 021 xxx xxxx. */
function mobileNumber(region: Region, serial: number): string {
  const number =
    region.country === 'GB'
      ? `+447400${String(100_000 + serial).padStart(6, '0')}`
      : `+6421${String(1_000_000 + serial).padStart(7, '0')}`;
  if (!isValidNumber(number)) throw new Error(`bench: ${number} is not a valid mobile number`);
  return number;
}
