/**
 * A cadence worker as a separate OS process, for the multi-process tests (cadence/run/workers.test.ts). It runs the
 * real runner against the test database with node-cron firing every second; tick n stands for the simulated instant
 * START + n × SIM_STEP_MS, so a week passes in a few dozen seconds without touching the clock the runner sees.
 * Every message a sender receives is appended to SENT_LOG (one JSON line), the test's independent record of what
 * "left". With BLOCK_FILE set, the sender writes BLOCK_FILE.started and then hangs, so the test can SIGKILL it
 * mid-send. Env: DATABASE_URL, START, SIM_STEP_MS, TICKS, SENT_LOG, BLOCK_FILE?, MODE ('cron' | 'once').
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import cron from 'node-cron';
import pino from 'pino';
import { createDb, createPool } from '../../../server/db/connect.js';
import type { ChannelName, ChannelSenders, OutgoingMessage, SendOutcome } from '../../channels/types.js';
import { recoverInterruptedSends } from '../recover.js';
import { runCadence } from '../run.js';
import type { CadenceDeps } from '../types.js';
import { sourceConnector } from './fixtures.js';

const env = process.env;
const pool = createPool({ connectionString: env['DATABASE_URL'] as string, max: 4 });
const db = createDb(pool);
const start = new Date(env['START'] as string).getTime();
const step = Number(env['SIM_STEP_MS']);
const ticks = Number(env['TICKS']);
const sentLog = env['SENT_LOG'] as string;
const blockFile = env['BLOCK_FILE'];

async function hang(): Promise<never> {
  writeFileSync(`${blockFile}.started`, String(process.pid));
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (existsSync(`${blockFile}.release`))
      throw new Error('released: the test should have killed this worker');
  }
}

function sender<C extends ChannelName>(channel: C) {
  return {
    channel,
    async send(message: OutgoingMessage<C>): Promise<SendOutcome> {
      appendFileSync(
        sentLog,
        JSON.stringify({ pid: process.pid, channel, to: message.to, touchpointId: message.touchpointId }) +
          '\n',
      );
      if (blockFile) await hang();
      return { status: 'accepted', providerId: `prov-${message.deliveryId}` };
    },
  };
}
const senders: ChannelSenders = {
  email: sender('email'),
  sms: sender('sms'),
  call: sender('call'),
  call_task: sender('call_task'),
};
const deps: CadenceDeps = {
  db,
  log: pino({ level: 'silent' }),
  connectors: { quickbooks: sourceConnector(db).connector },
  senders,
  now: () => new Date(start),
  workerId: `test:${process.pid}`,
};

async function tick(n: number): Promise<void> {
  const now = new Date(start + n * step);
  await recoverInterruptedSends(deps, now);
  await runCadence(deps, { now });
}

async function main(): Promise<void> {
  if (env['MODE'] === 'once') {
    for (let n = 0; n < ticks; n++) await tick(0);
    return;
  }
  let n = 0;
  await new Promise<void>((resolve, reject) => {
    const task = cron.schedule(
      '* * * * * *',
      async () => {
        if (n >= ticks) return;
        const mine = n++;
        try {
          await tick(mine);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
        if (n >= ticks) {
          void task.stop();
          resolve();
        }
      },
      { noOverlap: true, timezone: 'UTC' },
    );
  });
}

main()
  .then(() => db.destroy())
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  });
