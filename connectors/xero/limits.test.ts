import { describe, expect, it } from 'vitest';
import { createXeroLimiter, type PacingClock } from './limits.js';

export function fakeClock(start = 0): PacingClock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('Xero pacing per organisation', () => {
  it('lets 60 calls a minute through, then waits for the window', async () => {
    const clock = fakeClock();
    const limiter = createXeroLimiter(clock);
    for (let i = 0; i < 60; i += 1) (await limiter.acquire('t1'))();
    expect(clock.slept).toEqual([]);
    (await limiter.acquire('t1'))();
    expect(clock.slept).toEqual([60_000]);
    // Another organisation has its own window.
    (await limiter.acquire('t2'))();
    expect(clock.slept).toHaveLength(1);
  });

  it('keeps at most 5 calls in flight for one organisation', async () => {
    const limiter = createXeroLimiter(fakeClock());
    const held = await Promise.all([1, 2, 3, 4, 5].map(() => limiter.acquire('t1')));
    let sixth = false;
    const waiting = limiter.acquire('t1').then((release) => {
      sixth = true;
      return release;
    });
    await new Promise((r) => setImmediate(r));
    expect(sixth).toBe(false);
    held[0]!();
    (await waiting)();
    expect(sixth).toBe(true);
  });

  it('honours a pause after a minute 429, for one organisation or the whole app', async () => {
    const clock = fakeClock();
    const limiter = createXeroLimiter(clock);
    limiter.pause('t1', 7000);
    (await limiter.acquire('t1'))();
    expect(clock.slept).toEqual([7000]);
    limiter.pause(null, 3000);
    (await limiter.acquire('t2'))();
    expect(clock.slept).toEqual([7000, 3000]);
  });

  it('holds every organisation to the app-wide minute window, whichever made the calls', async () => {
    const clock = fakeClock();
    const limiter = createXeroLimiter(clock, { perMinute: 60, concurrent: 5, appPerMinute: 3 });
    for (const tenant of ['t1', 't2', 't3']) (await limiter.acquire(tenant))();
    expect(clock.slept).toEqual([]);
    // A fourth organisation, with its own minute untouched, still waits for the app's window.
    (await limiter.acquire('t4'))();
    expect(clock.slept).toEqual([60_000]);
  });

  it('tracks the daily quota from X-DayLimit-Remaining', () => {
    const limiter = createXeroLimiter(fakeClock());
    expect(limiter.dayRemaining('t1')).toBeNull();
    limiter.observe('t1', { 'x-daylimit-remaining': '4210' });
    expect(limiter.dayRemaining('t1')).toBe(4210);
  });
});
