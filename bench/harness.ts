import { cpus, totalmem } from 'node:os';

/** One measured quantity: its samples, unit, and the target it is compared against (for the reader only). */
export interface Measurement {
  measure: string;
  /** e.g. '1,000-invoice page', '100k invoices'. */
  scale: string;
  unit: string;
  samples: number[];
  target?: string;
  /** Extra facts worth printing beside the number (API calls, RSS, counts checked). */
  notes?: string;
}

export interface BenchContext {
  quick: boolean;
  databaseUrl: string;
  log: (line: string) => void;
}

/** Runs `fn` `times` times (after `warmup` unmeasured runs) and returns the durations in milliseconds. */
export async function timeRuns(times: number, fn: () => Promise<void>, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median and the spread (min–max) of the samples, as the table prints them. */
export function summarise(m: Measurement): { median: string; spread: string } {
  const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  if (m.samples.length === 0) return { median: '—', spread: '—' };
  return {
    median: `${fmt(median(m.samples))} ${m.unit}`,
    spread: m.samples.length > 1 ? `${fmt(Math.min(...m.samples))}–${fmt(Math.max(...m.samples))}` : '—',
  };
}

export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

export function renderTable(rows: Measurement[]): string {
  const header = ['Measure', 'Scale', 'Median', 'Spread', 'Runs', 'Target', 'Notes'];
  const lines = rows.map((m) => {
    const s = summarise(m);
    return [m.measure, m.scale, s.median, s.spread, String(m.samples.length), m.target ?? '', m.notes ?? ''];
  });
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
