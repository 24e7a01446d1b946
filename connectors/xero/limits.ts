/**
 * Client-side pacing of Xero calls (reference §4.1): per organisation at most 5 in flight and 60 a minute,
 * 10,000 a minute across the app, plus what the last responses said about the daily quota. Shared by every
 * connector instance in the process; across processes Xero's 429s (handled in call.ts) are the backstop.
 *
 * The clock is injected so tests can run a minute of pacing, or a 429's Retry-After, without waiting.
 */
export interface PacingClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: PacingClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface XeroLimits {
  perMinute: number;
  concurrent: number;
  appPerMinute: number;
}

export const XERO_LIMITS: XeroLimits = { perMinute: 60, concurrent: 5, appPerMinute: 10_000 };

interface TenantState {
  inFlight: number;
  waiting: (() => void)[];
  recent: number[];
  pausedUntil: number;
  dayRemaining: number | null;
}

export interface XeroLimiter {
  /** Waits for a slot for this organisation; call the returned function when the response is in. */
  acquire(tenantId: string): Promise<() => void>;
  /** Reads X-DayLimit-Remaining / X-MinLimit-Remaining from a response. */
  observe(tenantId: string, headers: Record<string, string>): void;
  /** After a minute 429: no call for this organisation (or, app-wide, for anyone) before `ms` has passed. */
  pause(tenantId: string | null, ms: number): void;
  dayRemaining(tenantId: string): number | null;
  readonly clock: PacingClock;
}

const MINUTE = 60_000;

export function createXeroLimiter(
  clock: PacingClock = realClock,
  limits: XeroLimits = XERO_LIMITS,
): XeroLimiter {
  const tenants = new Map<string, TenantState>();
  const app = { recent: [] as number[], pausedUntil: 0 };
  const state = (tenantId: string) => {
    let s = tenants.get(tenantId);
    if (!s)
      tenants.set(
        tenantId,
        (s = { inFlight: 0, waiting: [], recent: [], pausedUntil: 0, dayRemaining: null }),
      );
    return s;
  };

  /** How long until a call may start under a sliding one-minute window of `max` calls. */
  const windowWait = (recent: number[], max: number, now: number) => {
    while (recent.length > 0 && recent[0]! <= now - MINUTE) recent.shift();
    return recent.length < max ? 0 : recent[0]! + MINUTE - now;
  };

  async function acquire(tenantId: string): Promise<() => void> {
    const s = state(tenantId);
    while (s.inFlight >= limits.concurrent) await new Promise<void>((resolve) => s.waiting.push(resolve));
    s.inFlight += 1;
    try {
      for (;;) {
        const now = clock.now();
        const wait = Math.max(
          s.pausedUntil - now,
          app.pausedUntil - now,
          windowWait(s.recent, limits.perMinute, now),
          windowWait(app.recent, limits.appPerMinute, now),
        );
        if (wait <= 0) break;
        await clock.sleep(wait);
      }
    } catch (error) {
      release(s);
      throw error;
    }
    const startedAt = clock.now();
    s.recent.push(startedAt);
    app.recent.push(startedAt);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release(s);
    };
  }

  function release(s: TenantState) {
    s.inFlight -= 1;
    s.waiting.shift()?.();
  }

  return {
    acquire,
    clock,
    observe(tenantId, headers) {
      const day = Number(headers['x-daylimit-remaining']);
      if (headers['x-daylimit-remaining'] !== undefined && Number.isFinite(day))
        state(tenantId).dayRemaining = day;
    },
    pause(tenantId, ms) {
      const until = clock.now() + ms;
      if (tenantId === null) app.pausedUntil = Math.max(app.pausedUntil, until);
      else state(tenantId).pausedUntil = Math.max(state(tenantId).pausedUntil, until);
    },
    dayRemaining: (tenantId) => tenants.get(tenantId)?.dayRemaining ?? null,
  };
}

/** The process-wide limiter used unless a test passes its own. */
export const sharedXeroLimiter = createXeroLimiter();
