import { generateCompany } from '../sandbox/books/generate.js';

export interface GenerateMeasurement {
  invoices: number;
  ms: number;
  /** Resident set size after generating, while the book is still held. */
  rssMb: number;
  heapUsedMb: number;
}

/**
 * Generates one book of `invoices` (default a million) and reports how long it took and how much memory the
 * process holds with it alive. Budget (issue 3): ≤ 30 s and ≤ 1.5 GB for 1,000,000 invoices. For a clean
 * number run it in a fresh process (`tsx bench/sandbox-generate.ts`).
 */
export function measureSandboxGenerate(
  invoices = 1_000_000,
  provider: 'quickbooks' | 'xero' = 'xero',
): GenerateMeasurement {
  const started = performance.now();
  const company = generateCompany({
    id: provider === 'xero' ? '0d4c8a52-6e1f-4b3a-9c7d-5e2f1a8b3c90' : '9341455130188547',
    provider,
    name: 'Bench Books',
    country: 'US',
    currency: 'USD',
    timeZone: 'America/Chicago',
    seed: 1,
    invoices,
    asOf: '2026-06-30',
  });
  const ms = performance.now() - started;
  const memory = process.memoryUsage();
  const result = {
    invoices: company.invoices.length,
    ms: Math.round(ms),
    rssMb: Math.round(memory.rss / 1_048_576),
    heapUsedMb: Math.round(memory.heapUsed / 1_048_576),
  };
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(measureSandboxGenerate(Number(process.argv[2] ?? 1_000_000))));
}
