import { generateDemoBooks } from '../../books/demo.js';
import { generateCompany } from '../../books/generate.js';
import type { Company } from '../../books/types.js';

/**
 * The Xero books the render and mapping tests walk record by record: the demo's Xero organisations and a
 * generated 2,000-invoice Australian one (foreign currency, part payments, credit notes, every status). Fresh
 * objects on every call: a test may change them.
 */
export function generatedXeroBooks(): { demo: Company[]; generated: Company } {
  return {
    demo: generateDemoBooks('2026-12-03').filter((c) => c.provider === 'xero'),
    generated: generateCompany({
      id: '0d9b8c7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a',
      provider: 'xero',
      name: 'Generated Traders',
      country: 'AU',
      currency: 'AUD',
      timeZone: 'Australia/Sydney',
      seed: 7,
      invoices: 2_000,
      asOf: '2026-12-03',
    }),
  };
}
