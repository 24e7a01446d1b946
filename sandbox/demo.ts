import { generateDemoBooks } from './books/demo.js';
import { generateCompany } from './books/generate.js';
import type { SandboxWorld } from './world.js';

export { DEMO_COMPANIES } from './books/demo.js';

/** Sender identities verified in the sandbox's SendGrid account: whole domains, so any address at them works. */
export const DEFAULT_VERIFIED_SENDERS = ['dunwise.test', 'example.com'] as const;

/** Loads the demo books (one QuickBooks company, two Xero organisations) and verifies the default senders. */
export function seedDemoWorld(world: SandboxWorld, asOf: string): void {
  for (const company of generateDemoBooks(asOf)) world.addCompany(company);
  for (const sender of DEFAULT_VERIFIED_SENDERS) world.sendgrid.verifiedSenders.add(sender);
}

/**
 * Loads `invoices` generated invoices split between one QuickBooks company and one Xero organisation (so a
 * million-invoice sandbox holds a million invoices in all, within the memory budget).
 */
export function seedGeneratedWorld(world: SandboxWorld, invoices: number, asOf: string): void {
  const quickbooksShare = Math.max(1, Math.ceil(invoices / 2));
  const xeroShare = Math.max(1, invoices - quickbooksShare);
  world.addCompany(
    generateCompany({
      id: '9341455130188547',
      provider: 'quickbooks',
      name: 'Generated Books Inc.',
      country: 'US',
      currency: 'USD',
      timeZone: 'America/Chicago',
      seed: invoices,
      invoices: quickbooksShare,
      asOf,
    }),
  );
  world.addCompany(
    generateCompany({
      id: '0d4c8a52-6e1f-4b3a-9c7d-5e2f1a8b3c90',
      provider: 'xero',
      name: 'Generated Books Ltd',
      country: 'AU',
      currency: 'AUD',
      timeZone: 'Australia/Sydney',
      seed: invoices + 1,
      invoices: xeroShare,
      asOf,
    }),
  );
  for (const sender of DEFAULT_VERIFIED_SENDERS) world.sendgrid.verifiedSenders.add(sender);
}
