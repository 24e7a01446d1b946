import { readFileSync } from 'node:fs';

/**
 * The node flags the Procfile gives the worker (its heap budget), so that the bench's Dunwise processes run the
 * way production's worker does and the memory it reports is the memory a worker would take. Read from the
 * Procfile itself: one place says how the worker runs.
 */
export function workerNodeFlags(): string[] {
  return procfileWorkerFlags(readFileSync(new URL('../Procfile', import.meta.url), 'utf8'));
}

export function procfileWorkerFlags(procfile: string): string[] {
  const line = procfile.split('\n').find((l) => l.startsWith('worker:'));
  if (!line) throw new Error('Procfile has no worker line');
  const words = line.slice('worker:'.length).trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`Procfile worker does not start with node: ${line}`);
  const flags: string[] = [];
  for (let i = 1; i < words.length && words[i]!.startsWith('--'); i += 1) {
    // --import tsx is how every bench child is started anyway.
    if (words[i] === '--import') i += 1;
    else flags.push(words[i]!);
  }
  return flags;
}
