import { describe, expect, it } from 'vitest';
import { createPacer } from './pacer.js';

describe('createPacer', () => {
  it('keeps at most maxInFlight requests per realm in flight, and realms do not share the budget', async () => {
    const pacer = createPacer({ maxInFlight: 4 });
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    const task = (realm: string) => async () => {
      inFlight.set(realm, (inFlight.get(realm) ?? 0) + 1);
      peak.set(realm, Math.max(peak.get(realm) ?? 0, inFlight.get(realm)!));
      await new Promise((r) => setTimeout(r, 5));
      inFlight.set(realm, inFlight.get(realm)! - 1);
    };
    await Promise.all([
      ...Array.from({ length: 25 }, () => pacer.run('r1', task('r1'))),
      ...Array.from({ length: 6 }, () => pacer.run('r2', task('r2'))),
    ]);
    expect(peak.get('r1')).toBe(4);
    expect(peak.get('r2')).toBe(4);
  });

  it('holds the request over the per-minute budget until the window has room', async () => {
    let clock = 0;
    const pacer = createPacer({
      maxInFlight: 10,
      maxPerMinute: 3,
      clock: () => clock,
      sleep: () => new Promise((r) => setTimeout(r, 1)),
    });
    const started: number[] = [];
    const run = () => pacer.run('r', () => Promise.resolve(started.push(clock)));
    await Promise.all([run(), run(), run()]);
    let fourthDone = false;
    const fourth = run().then(() => (fourthDone = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(fourthDone).toBe(false);
    clock = 60_001;
    await fourth;
    expect(started).toEqual([0, 0, 0, 60_001]);
  });
});
