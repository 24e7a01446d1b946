import type { Measurement } from '../harness.js';
import type { NamedMeasure } from '../measures.js';
import type { Traffic } from '../sync/fleet-protocol.js';
import { measureTick } from './measure-tick.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Issue 9: a cadence tick sending 10,000 touchpoints (quick: 500) through the sandbox with 3 worker processes. */
export const tickMeasure: NamedMeasure = {
  name: 'cadence-tick',
  async run(ctx) {
    const shape = ctx.quick
      ? {
          organisations: 10,
          customersPerOrganisation: 50,
          workers: 3,
        }
      : { organisations: 200, customersPerOrganisation: 50, workers: 3 };
    ctx.log(
      `cadence tick: ${fmt(shape.organisations * shape.customersPerOrganisation)} touchpoints, ${shape.workers} workers`,
    );
    const m = await measureTick(ctx.adminUrl, shape, ctx.log);
    const row: Measurement = {
      measure: `Cadence tick sending ${fmt(m.expected)} touchpoints, ${shape.workers} worker processes`,
      scale: `${fmt(m.expected)} touchpoints in ${shape.organisations} organisations (QuickBooks and Xero, ${m.region.country}): email, call, email + SMS, call`,
      unit: 'touchpoints/s',
      samples: [m.expected / (m.wallMs / 1000)],
      target: 'no duplicate; limits never exceeded',
      notes:
        `wall ${(m.wallMs / 1000).toFixed(1)} s until all sent; ` +
        `per worker sent ${m.workers.map((w) => fmt(w.sent)).join(' / ')} (claimed ${m.workers.map((w) => fmt(w.claimed)).join(' / ')}), ` +
        `peak RSS ${m.workers.map((w) => fmt(w.peakRssMb)).join(' / ')} MiB; ` +
        `${(m.transactions / m.expected).toFixed(1)} database transactions per touchpoint; ` +
        `duplicates ${m.received.duplicateMessages}; sandbox received ${fmt(m.received.emails)} emails, ${fmt(m.received.sms)} SMS, ${fmt(m.received.calls)} calls = deliveries recorded` +
        (m.problems.length > 0 ? ' — MISMATCH (see below)' : '') +
        `; ${limits(m.traffic)}; peak SMS from one number ${m.received.peakSmsPerSenderSecond}/s (Twilio queues above 1/s per long code); ` +
        `setup (connect, first syncs, 3 workers started) ${(m.setupMs / 1000).toFixed(0)} s, not timed`,
    };
    return { rows: [row], problems: m.problems };
  },
};

/** 429s and peaks per provider during the measured phase (QuickBooks and Xero limits are enforced by the sandbox). */
export function limits(traffic: Traffic): string {
  const order = ['quickbooks', 'xero', 'sendgrid', 'twilio'];
  const parts = order
    .filter((p) => traffic[p])
    .map((p) => {
      const t = traffic[p]!;
      const by = Object.entries(t.tooManyBy ?? {}).map(([problem, n]) => `${n} ${problem}`);
      const refused = `${t.tooMany} × 429${by.length > 0 ? ` (${by.join(', ')})` : ''}`;
      return `${p} ${fmt(t.requests)} req, ${refused}, peak ${t.peakInFlight} in flight, ${t.peakPerSecond}/s, ${fmt(t.peakPerMinute)}/min`;
    });
  return `provider limits: ${parts.join('; ')}`;
}
