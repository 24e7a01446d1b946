/**
 * QBO's per-realm throttles (reference §4): 500 requests per minute and 10 in flight. Counted on the
 * sandbox clock so tests can advance time instead of waiting.
 */
export const REQUESTS_PER_MINUTE = 500;
export const MAX_IN_FLIGHT = 10;
const WINDOW_MS = 60_000;

interface RealmUsage {
  /** Admission times within the last minute, oldest first. */
  recent: number[];
  inFlight: number;
}

export interface RealmLimits {
  usage: Map<string, RealmUsage>;
  /** QBO's 500, unless lifted (the benchmark times Dunwise's work, not the throttle). */
  requestsPerMinute: number;
}

export function createRealmLimits(requestsPerMinute = REQUESTS_PER_MINUTE): RealmLimits {
  return { usage: new Map(), requestsPerMinute };
}

/** Admits a request (returning a release function) or returns null when either limit is reached. */
export function admit(limits: RealmLimits, realmId: string, now: number): (() => void) | null {
  let usage = limits.usage.get(realmId);
  if (!usage) {
    usage = { recent: [], inFlight: 0 };
    limits.usage.set(realmId, usage);
  }
  let expired = 0;
  while (expired < usage.recent.length && usage.recent[expired]! <= now - WINDOW_MS) expired += 1;
  if (expired > 0) usage.recent.splice(0, expired);
  if (usage.recent.length >= limits.requestsPerMinute || usage.inFlight >= MAX_IN_FLIGHT) return null;
  usage.recent.push(now);
  usage.inFlight += 1;
  const held = usage;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.inFlight -= 1;
  };
}
