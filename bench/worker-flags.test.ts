import { describe, expect, it } from 'vitest';
import { procfileWorkerFlags, workerNodeFlags } from './worker-flags.js';

describe('the worker node flags the bench runs Dunwise with', () => {
  it('are the Procfile worker line flags, without the tsx import', () => {
    const procfile =
      'web: node --import tsx server/web.ts\nworker: node --max-old-space-size=256 --import tsx server/worker.ts\n';
    expect(procfileWorkerFlags(procfile)).toEqual(['--max-old-space-size=256']);
  });

  it("give this repository's worker a heap budget", () => {
    expect(workerNodeFlags().some((f) => f.startsWith('--max-old-space-size='))).toBe(true);
  });

  it('refuse a Procfile without a node worker', () => {
    expect(() => procfileWorkerFlags('web: node server/web.ts\n')).toThrow('no worker line');
    expect(() => procfileWorkerFlags('worker: tsx server/worker.ts\n')).toThrow('does not start with node');
  });
});
