import { limits } from '../cadence/tick-row.js';
import type { NamedMeasure } from '../measures.js';
import { measureFleet } from './measure-fleet.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Issue 9: 2,000 connected organisations (quick: 200) synced hourly by 3 worker processes. */
export const fleetMeasure: NamedMeasure = {
  name: 'sync-fleet',
  async run(ctx) {
    const organisations = ctx.quick ? 200 : 2_000;
    const workers = 3;
    ctx.log(`sync fleet: ${fmt(organisations)} organisations, ${workers} workers, one simulated hour`);
    const m = await measureFleet(ctx.adminUrl, { organisations, workers, asOf: ctx.today, log: ctx.log });
    const once = m.syncedTimes['1'] ?? 0;
    return {
      problems: m.problems,
      rows: [
        {
          measure: `${fmt(organisations)} organisations synced hourly by ${workers} worker processes`,
          scale: `${fmt(organisations)} organisations (QuickBooks and Xero in turn), ${fmt(m.invoices)} invoices; 12 ticks of */5`,
          unit: 'min lag',
          samples: [m.lagMinutes.median],
          target: 'each once per hour; spread; lag',
          notes:
            `synced exactly once in the hour: ${fmt(once)} of ${fmt(m.organisations)}` +
            (m.problems.length > 0 ? ' — WRONG (see below)' : '') +
            `; per worker ${m.perWorker.map(fmt).join(' / ')}; ` +
            `lag due → synced median ${m.lagMinutes.median.toFixed(1)}, p95 ${m.lagMinutes.p95.toFixed(1)}, max ${m.lagMinutes.max.toFixed(1)} min ` +
            `(waiting for the next */5 tick, then the tick's queue); slowest tick ${(m.slowestTickMs / 1000).toFixed(1)} s of its 5 min; ` +
            `the hour's 12 ticks took ${(m.hourMs / 1000).toFixed(0)} s back to back; ${fmt(m.apiCalls)} API calls; ${limits(m.traffic)}; ` +
            // Xero's app-wide window is a fixed real minute from its first call, and the simulated hour begins
            // seconds after the setup's first syncs: the two can share one, which no real hour would.
            (m.traffic['xero']?.tooManyBy['appminute']
              ? "Xero's appminute window is a fixed real minute from its first call, and the simulated hour starts seconds after the setup's first syncs, so the two can share one (no real hour would); "
              : '') +
            `setup (connect through consent, first full syncs) ${(m.setupMs / 1000).toFixed(0)} s, not timed`,
        },
      ],
    };
  },
};
