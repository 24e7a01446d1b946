import type { XeroLimits } from '../options.js';

/**
 * Xero's call limits (reference §4.1): per tenant 60 a minute, 5 in flight and a daily quota; 10,000 a minute
 * across the app. Windows are fixed and start at a tenant's first call, so they reset at different times per
 * tenant, as Xero's do. Time comes from the sandbox clock.
 */
export type LimitProblem = 'minute' | 'day' | 'appminute' | 'concurrent';

const MINUTE = 60_000;
const DAY = 86_400_000;

interface Window {
  start: number;
  count: number;
}

export interface Admission {
  ok: boolean;
  problem?: LimitProblem;
  retryAfterSeconds?: number;
  headers: Record<string, string>;
  release: () => void;
}

export class RateLimiter {
  private readonly minute = new Map<string, Window>();
  private readonly day = new Map<string, Window>();
  private readonly inFlight = new Map<string, number>();
  private app: Window = { start: 0, count: 0 };

  constructor(private readonly limits: XeroLimits) {}

  admit(tenantId: string, now: number): Admission {
    const minute = this.window(this.minute, tenantId, now, MINUTE);
    const day = this.window(this.day, tenantId, now, DAY);
    if (now - this.app.start >= MINUTE) this.app = { start: now, count: 0 };
    const inFlight = this.inFlight.get(tenantId) ?? 0;
    const refuse = (problem: LimitProblem, resetAt: number): Admission => ({
      ok: false,
      problem,
      retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
      headers: this.headers(minute, day),
      release: () => {},
    });
    if (day.count >= this.limits.perDay) return refuse('day', day.start + DAY);
    if (this.app.count >= this.limits.appPerMinute) return refuse('appminute', this.app.start + MINUTE);
    if (minute.count >= this.limits.perMinute) return refuse('minute', minute.start + MINUTE);
    if (inFlight >= this.limits.concurrent) return refuse('concurrent', now + 1000);
    minute.count += 1;
    day.count += 1;
    this.app.count += 1;
    this.inFlight.set(tenantId, inFlight + 1);
    let released = false;
    return {
      ok: true,
      headers: this.headers(minute, day),
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.set(tenantId, (this.inFlight.get(tenantId) ?? 1) - 1);
      },
    };
  }

  /** What a minute-limit 429 injected by a fault should say. */
  minuteResetSeconds(tenantId: string, now: number): number {
    const minute = this.window(this.minute, tenantId, now, MINUTE);
    return Math.max(1, Math.ceil((minute.start + MINUTE - now) / 1000));
  }

  dayResetSeconds(tenantId: string, now: number): number {
    const day = this.window(this.day, tenantId, now, DAY);
    return Math.max(1, Math.ceil((day.start + DAY - now) / 1000));
  }

  headersFor(tenantId: string, now: number): Record<string, string> {
    return this.headers(
      this.window(this.minute, tenantId, now, MINUTE),
      this.window(this.day, tenantId, now, DAY),
    );
  }

  private window(map: Map<string, Window>, key: string, now: number, length: number): Window {
    let w = map.get(key);
    if (!w || now - w.start >= length) map.set(key, (w = { start: now, count: 0 }));
    return w;
  }

  private headers(minute: Window, day: Window): Record<string, string> {
    return {
      'X-DayLimit-Remaining': String(Math.max(0, this.limits.perDay - day.count)),
      'X-MinLimit-Remaining': String(Math.max(0, this.limits.perMinute - minute.count)),
      'X-AppMinLimit-Remaining': String(Math.max(0, this.limits.appPerMinute - this.app.count)),
    };
  }
}
