/**
 * Per-realm pacing inside one process: QuickBooks allows 500 requests a minute and 10 in flight per realm
 * (shared/reference/quickbooks.md §4). We stay a little under both. Across processes the limit is enforced by
 * `organisation.rate_limited_until`, which a 429 sets and every sync honours.
 */
export const MAX_IN_FLIGHT = 8;
export const MAX_PER_MINUTE = 450;
const WINDOW_MS = 60_000;

interface RealmState {
  inFlight: number;
  started: number[];
  waiting: (() => void)[];
}

export interface Pacer {
  run<T>(realmId: string, task: () => Promise<T>): Promise<T>;
}

/** `clock` is monotonic milliseconds and `sleep` waits; tests pass their own. */
export function createPacer(
  options: {
    maxInFlight?: number;
    maxPerMinute?: number;
    clock?: () => number;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Pacer {
  const maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT;
  const maxPerMinute = options.maxPerMinute ?? MAX_PER_MINUTE;
  const clock = options.clock ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const realms = new Map<string, RealmState>();

  const stateOf = (realmId: string) => {
    let state = realms.get(realmId);
    if (!state) realms.set(realmId, (state = { inFlight: 0, started: [], waiting: [] }));
    return state;
  };

  async function acquire(state: RealmState): Promise<void> {
    for (;;) {
      const now = clock();
      while (state.started.length > 0 && state.started[0]! <= now - WINDOW_MS) state.started.shift();
      if (state.inFlight < maxInFlight && state.started.length < maxPerMinute) {
        state.inFlight += 1;
        state.started.push(now);
        return;
      }
      if (state.inFlight >= maxInFlight) {
        await new Promise<void>((resolve) => state.waiting.push(resolve));
      } else {
        await sleep(state.started[0]! + WINDOW_MS - now);
      }
    }
  }

  function release(state: RealmState): void {
    state.inFlight -= 1;
    state.waiting.shift()?.();
  }

  return {
    async run(realmId, task) {
      const state = stateOf(realmId);
      await acquire(state);
      try {
        return await task();
      } finally {
        release(state);
      }
    },
  };
}

/** One pacer per process, shared by every QuickBooks connector instance. */
export const processPacer = createPacer();
