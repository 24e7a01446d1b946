import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/db.js';
import { seedCustomer, seedInvoice, seedOrganisation } from './test-support/fixtures.js';

const t = useTestDatabase();
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support', 'worker-process.ts');
const nz = (local: string) => DateTime.fromISO(local, { zone: 'Pacific/Auckland' }).toJSDate();
const SIX_HOURS = 6 * 3_600_000;

interface Worker {
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill: (signal: NodeJS.Signals) => void;
}

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, DATABASE_URL: t.url, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { pid: child.pid as number, exited, kill: (signal) => child.kill(signal) };
}

function readLog(file: string): { pid: number; channel: string; to: string; touchpointId: string }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { pid: number; channel: string; to: string; touchpointId: string });
}

async function waitFor(file: string): Promise<void> {
  for (let i = 0; i < 600 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(file)) throw new Error(`${file} never appeared`);
}

beforeEach(async () => {
  await t.db.deleteFrom('workspace').execute();
});

describe('worker processes', () => {
  it('two workers ticking every second through a simulated week send each step once', async () => {
    const { org } = await seedOrganisation(t.db);
    const due: Record<string, string> = {
      A: '2026-11-30', // day 7 on Mon 7 Dec → step 1; day 14 on Mon 14 Dec → step 2
      B: '2026-11-23', // step 2, then step 3
      C: '2026-11-16', // step 3, then step 4
      D: '2026-11-09', // step 4, then the first repeat
      E: '2026-12-02', // step 1 on Wed 9 Dec
    };
    for (const [name, dueDate] of Object.entries(due)) {
      const customer = await seedCustomer(t.db, org.id, {
        name,
        email: `${name.toLowerCase()}@example.com`,
        mobile: `+64 21 555 010${Object.keys(due).indexOf(name)}`,
      });
      await seedInvoice(t.db, customer, { number: `INV-${name}`, dueDate });
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'dunwise-workers-'));
    const common = {
      START: nz('2026-12-07T09:00').toISOString(),
      SIM_STEP_MS: String(SIX_HOURS),
      TICKS: '29',
    };
    const workers = [
      startWorker({ ...common, SENT_LOG: path.join(dir, 'w1.jsonl') }),
      startWorker({ ...common, SENT_LOG: path.join(dir, 'w2.jsonl') }),
    ];
    const exits = await Promise.all(workers.map((w) => w.exited));
    // node-cron warns when a tick is skipped because the previous one still runs (noOverlap); that is expected.
    const problems = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.includes('overlap'));
    expect(exits.map((e) => [e.code, problems(e.stderr)])).toEqual([
      [0, []],
      [0, []],
    ]);

    const sent = [...readLog(path.join(dir, 'w1.jsonl')), ...readLog(path.join(dir, 'w2.jsonl'))];
    const keys = sent.map((s) => `${s.touchpointId}|${s.channel}|${s.to}`);
    expect(new Set(keys).size).toBe(keys.length);

    const touchpoints = await t.db
      .selectFrom('touchpoint as tp')
      .innerJoin('customer as c', 'c.id', 'tp.customer_id')
      .select(['c.name', 'tp.step', 'tp.local_date', 'tp.status', 'tp.channels'])
      .orderBy('c.name')
      .orderBy('tp.local_date')
      .execute();
    expect(touchpoints).toEqual([
      { name: 'A', step: 1, local_date: '2026-12-07', status: 'sent', channels: ['email'] },
      { name: 'A', step: 2, local_date: '2026-12-14', status: 'sent', channels: ['call'] },
      { name: 'B', step: 2, local_date: '2026-12-07', status: 'sent', channels: ['call'] },
      { name: 'B', step: 3, local_date: '2026-12-14', status: 'sent', channels: ['email', 'sms'] },
      { name: 'C', step: 3, local_date: '2026-12-07', status: 'sent', channels: ['email', 'sms'] },
      { name: 'C', step: 4, local_date: '2026-12-14', status: 'sent', channels: ['call'] },
      { name: 'D', step: 4, local_date: '2026-12-07', status: 'sent', channels: ['call'] },
      { name: 'D', step: 5, local_date: '2026-12-14', status: 'sent', channels: ['email', 'sms'] },
      { name: 'E', step: 1, local_date: '2026-12-09', status: 'sent', channels: ['email'] },
    ]);
    // What the senders saw matches the deliveries recorded: 12 messages, each exactly once.
    expect(sent).toHaveLength(12);
    const deliveries = await t.db.selectFrom('delivery').select(['status']).execute();
    expect(deliveries).toHaveLength(12);
    expect(deliveries.every((d) => d.status === 'accepted')).toBe(true);
  }, 180_000);

  it('a worker killed mid-send and restarted sends nothing twice; the send is shown as unknown', async () => {
    const { org } = await seedOrganisation(t.db);
    const customer = await seedCustomer(t.db, org.id);
    await seedInvoice(t.db, customer, { number: 'INV-K', dueDate: '2026-11-30' });
    const dir = mkdtempSync(path.join(tmpdir(), 'dunwise-kill-'));
    const log = path.join(dir, 'sent.jsonl');
    const block = path.join(dir, 'block');
    const common = {
      START: nz('2026-12-07T10:00').toISOString(),
      SIM_STEP_MS: '0',
      MODE: 'once',
      SENT_LOG: log,
    };

    const doomed = startWorker({ ...common, TICKS: '1', BLOCK_FILE: block });
    await waitFor(`${block}.started`);
    doomed.kill('SIGKILL');
    expect((await doomed.exited).signal).toBe('SIGKILL');
    expect(await t.db.selectFrom('delivery').select('status').execute()).toEqual([{ status: 'sending' }]);

    const restarted = startWorker({ ...common, TICKS: '3' });
    const exit = await restarted.exited;
    expect([exit.code, exit.stderr]).toEqual([0, '']);

    expect(readLog(log).map((s) => s.channel)).toEqual(['email']);
    expect(await t.db.selectFrom('delivery').select('status').execute()).toEqual([{ status: 'unknown' }]);
    const touchpoint = await t.db
      .selectFrom('touchpoint')
      .select(['status', 'detail'])
      .executeTakeFirstOrThrow();
    expect(touchpoint.status).toBe('unknown');
    const notes = await t.db.selectFrom('note').select('body').execute();
    expect(notes.map((n) => n.body)).toEqual([
      'Dunwise reminder, step 1: email to j***@kowhai.example (unknown). Amount due 100.00 NZD. Outcome: unknown.',
    ]);
  }, 60_000);
});
