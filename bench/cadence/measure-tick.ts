import { sql } from 'kysely';
import { planCustomers, saveSettings } from '../../cadence/run/index.js';
import { defaultCadenceSettings } from '../../cadence/settings/index.js';
import { SANDBOX_TWILIO_FROM } from '../../sandbox/server.js';
import type { Db } from '../../server/db/connect.js';
import { createBenchDatabase } from '../database.js';
import type {
  FleetSandboxRequest,
  FleetSandboxStarted,
  ReceivedSummary,
  Region,
  Traffic,
} from '../sync/fleet-protocol.js';
import { connectFleet } from '../sync/fleet-setup.js';
import type { WorkerTick } from '../sync/fleet-worker.js';
import { fleetEnv, startWorkers } from '../sync/fleet-workers.js';
import { forkTs } from '../sync/ipc.js';
import { STEP_CHANNELS } from './tick-books.js';
import { chooseRegion, tickMoment } from './tick-moment.js';

export interface TickShape {
  organisations: number;
  customersPerOrganisation: number;
  workers: number;
}

export interface TickMeasurement {
  expected: number;
  region: Region;
  scheduledAt: string;
  setupMs: number;
  /** From the three workers starting the tick to the last one finishing: every claimed touchpoint sent. */
  wallMs: number;
  /** Database transactions committed during the tick (every process), from pg_stat_database. */
  transactions: number;
  workers: {
    pid: number;
    claimed: number;
    sent: number;
    alreadyClaimed: number;
    ms: number;
    peakRssMb: number;
  }[];
  touchpointsByStatus: Record<string, number>;
  deliveries: Record<string, number>;
  received: ReceivedSummary;
  traffic: Traffic;
  problems: string[];
}

/**
 * Issue 9's cadence tick: businesses connected to the sandbox through the real flows and synced, whose books make
 * exactly organisations × customers touchpoints due at the tick (email, call, email + SMS, call in turn), settings on
 * autopilot with the sandbox's Twilio number. Three worker processes then run the worker's `cadence` job for the
 * same scheduled time at once. The bench fails on a duplicate message or any count that disagrees with the sandbox.
 */
export async function measureTick(
  adminUrl: string,
  shape: TickShape,
  log: (line: string) => void,
): Promise<TickMeasurement> {
  const expected = shape.organisations * shape.customersPerOrganisation;
  const region = chooseRegion(new Date());
  const moment = tickMoment(region, new Date());
  const sandbox = forkTs('../sync/fleet-sandbox.ts', import.meta.url);
  const database = await createBenchDatabase(adminUrl, 'tick', 6);
  const problems: string[] = [];
  try {
    const setupStart = performance.now();
    const started = await sandbox.ask<FleetSandboxStarted>({
      type: 'start',
      books: {
        kind: 'due',
        organisations: shape.organisations,
        customersPerOrganisation: shape.customersPerOrganisation,
        localDate: moment.localDate,
        region,
      },
    } satisfies FleetSandboxRequest);
    const env = fleetEnv(started, database.url);
    // The workers start (a few seconds each) while the fleet is connected: they only need the database.
    const starting = startWorkers(shape.workers, env);
    const fleet = await connectFleet(database.db, env, started.companies, {
      syncAt: () => new Date(),
      concurrency: 6,
      log,
    }).catch(async (error: unknown) => {
      await starting.then((w) => w.close()).catch(() => undefined);
      throw error;
    });
    await autopilot(database.db, fleet.organisationIds);
    const planned = await plannedSends(database.db, moment.at);
    if (planned !== expected)
      problems.push(
        `tick: the plan has ${planned} touchpoints to send at ${moment.at.toISOString()}, the books make ${expected} due`,
      );
    const workers = await starting;
    const setupMs = performance.now() - setupStart;
    log(
      `  tick: ${expected} due in ${shape.organisations} organisations (${region.country}), setup ${(setupMs / 1000).toFixed(0)} s`,
    );
    let ticks: WorkerTick[];
    let wallMs: number;
    let commitsBefore: number;
    try {
      await sandbox.ask({ type: 'reset-traffic' } satisfies FleetSandboxRequest);
      commitsBefore = await commits(database.db);
      const tickStart = performance.now();
      ticks = await workers.tick('cadence', moment.at);
      wallMs = performance.now() - tickStart;
    } finally {
      await workers.close();
    }
    // Read once the workers have exited: a backend flushes its statistics when idle or on exit.
    const transactions = (await commits(database.db)) - commitsBefore;
    const traffic = await sandbox.ask<Traffic>({ type: 'traffic' } satisfies FleetSandboxRequest);
    const received = await sandbox.ask<ReceivedSummary>({ type: 'received' } satisfies FleetSandboxRequest);
    const touchpointsByStatus = await countBy(
      database.db,
      sql`select status as key, count(*)::int as n from touchpoint group by status`,
    );
    const deliveries = await countBy(
      database.db,
      sql`select channel || ' ' || status as key, count(*)::int as n from delivery group by channel, status`,
    );
    const result: TickMeasurement = {
      expected,
      region,
      scheduledAt: moment.at.toISOString(),
      setupMs,
      wallMs,
      transactions,
      workers: ticks.map((t) => ({
        pid: t.pid,
        claimed: t.cadence?.claimed ?? 0,
        sent: Object.values(t.cadence?.sent ?? {}).reduce((a, b) => a + b, 0),
        alreadyClaimed: t.cadence?.alreadyClaimed ?? 0,
        ms: t.finishedAt - t.startedAt,
        peakRssMb: t.peakRssMb,
      })),
      touchpointsByStatus,
      deliveries,
      received,
      traffic,
      problems,
    };
    problems.push(...check(result));
    return result;
  } finally {
    await sandbox.close();
    await database.drop();
  }
}

/** Autopilot with the sandbox's Twilio number for calls and SMS, chasing the overdue invoices already there. */
async function autopilot(db: Db, organisationIds: string[]): Promise<void> {
  const orgs = await db
    .selectFrom('organisation')
    .select(['id', 'name', 'time_zone', 'country'])
    .where('id', 'in', organisationIds)
    .execute();
  for (const org of orgs) {
    const settings = {
      ...defaultCadenceSettings({
        timeZone: org.time_zone,
        country: org.country ?? '',
        senderName: org.name,
        smsFrom: SANDBOX_TWILIO_FROM,
        callerNumber: SANDBOX_TWILIO_FROM,
      }),
      backlogPolicy: 'include_backlog' as const,
      autopilot: true,
    };
    await saveSettings(db, org.id, settings, null, new Date());
  }
}

async function commits(db: Db): Promise<number> {
  // The statistics collector reports with a delay; a snapshot clear makes the read current for this backend.
  await sql`select pg_stat_clear_snapshot()`.execute(db);
  const { rows } = await sql<{ n: string }>`
    select xact_commit::text as n from pg_stat_database where datname = current_database()
  `.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** What the policy will send at the tick: checked before the tick so that a wrong setup is told apart. */
async function plannedSends(db: Db, at: Date): Promise<number> {
  let sends = 0;
  await planCustomers(db, { at: { instant: at } }, (batch) => {
    sends += batch.filter((c) => c.decision.kind === 'send').length;
    return Promise.resolve();
  });
  return sends;
}

async function countBy(
  db: Db,
  query: ReturnType<typeof sql<{ key: string; n: number }>>,
): Promise<Record<string, number>> {
  const { rows } = await query.execute(db);
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

/** Every touchpoint claimed once and sent, and what the sandbox received matches the deliveries one for one. */
function check(m: TickMeasurement): string[] {
  const problems: string[] = [];
  const total = Object.values(m.touchpointsByStatus).reduce((a, b) => a + b, 0);
  if (total !== m.expected) problems.push(`tick: ${total} touchpoints claimed, ${m.expected} were due`);
  const sent = m.touchpointsByStatus['sent'] ?? 0;
  if (sent !== m.expected)
    problems.push(
      `tick: ${sent} of ${m.expected} touchpoints sent (${JSON.stringify(m.touchpointsByStatus)})`,
    );
  const workersSent = m.workers.reduce((a, w) => a + w.sent, 0);
  if (workersSent !== total)
    problems.push(`tick: the workers report ${workersSent} sends, the database ${total} touchpoints`);
  if (m.received.duplicateMessages > 0)
    problems.push(
      `tick: DUPLICATES — ${m.received.duplicateMessages} extra messages to ${m.received.duplicatePairs} customer+channel pairs`,
    );
  if (m.received.missingPairs > 0)
    problems.push(`tick: ${m.received.missingPairs} due customer+channel pairs received nothing`);
  if (m.received.unexpected > 0)
    problems.push(`tick: ${m.received.unexpected} messages the books did not make due`);
  const recorded = (channel: string) =>
    Object.entries(m.deliveries)
      .filter(([key]) => key.startsWith(`${channel} `))
      .reduce((a, [, n]) => a + n, 0);
  const got: Record<string, number> = {
    email: m.received.emails,
    sms: m.received.sms,
    call: m.received.calls,
  };
  for (const channel of ['email', 'sms', 'call'])
    if (recorded(channel) !== got[channel])
      problems.push(
        `tick: ${recorded(channel)} ${channel} deliveries recorded, the sandbox received ${got[channel]}`,
      );
  const perStep = Object.values(STEP_CHANNELS).length;
  const complete = Object.values(m.received.completeByStep).reduce((a, b) => a + b, 0);
  if (complete !== m.expected)
    problems.push(
      `tick: ${complete} of ${m.expected} customers received exactly their step's messages (${perStep} steps)`,
    );
  return problems;
}
