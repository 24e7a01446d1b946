import { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { DateTime } from 'luxon';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { seedCustomer, seedInvoice, seedOrganisation } from '../../../cadence/run/test-support/fixtures.js';
import { useTestDatabase } from '../../../test/db.js';
import type { Runtime } from '../../runtime.js';
import { runCli } from '../main.js';
import { createOrgsCommand } from './orgs.js';
import { createPlanCommand } from './plan.js';
import { createRunCadenceCommand } from './run-cadence.js';
import { createSettingsCommand } from './settings.js';

const t = useTestDatabase();
const NOW = DateTime.fromISO('2026-12-08T10:00', { zone: 'Pacific/Auckland' }).toJSDate();

/** A runtime on the test database; `senders` stands for the configured providers (only which channels count). */
const openWith =
  (senders: Partial<Record<string, object>>) =>
  <T>(body: (rt: Runtime) => Promise<T>): Promise<T> =>
    body({ db: t.db, now: () => NOW, log: pino({ level: 'silent' }), senders } as unknown as Runtime);
const open = openWith({ email: {}, sms: {}, call: {}, call_task: {} });
const commands = [
  createPlanCommand(open),
  createRunCadenceCommand(open),
  createOrgsCommand(open),
  createSettingsCommand(open),
];

const cli = (...argv: string[]) => cliWith(commands, argv);

async function cliWith(available: typeof commands, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        append(chunk.toString());
        done();
      },
    });
  const code = await runCli(
    argv,
    {
      stdin: Readable.from([]),
      stdout: sink((s) => (stdout += s)),
      stderr: sink((s) => (stderr += s)),
    },
    available,
  );
  return { code, stdout, stderr };
}

beforeEach(async () => {
  await t.db.deleteFrom('workspace').execute();
});

describe('dunwise plan', () => {
  it('--json prints one array with the fields issue 6 names, held or not', async () => {
    const { org } = await seedOrganisation(t.db);
    const kowhai = await seedCustomer(t.db, org.id, { name: 'Kōwhai Café', externalId: 'C-1' });
    await seedInvoice(t.db, kowhai, { number: 'INV-1', dueDate: '2026-11-30', amountDue: '1234.5' });
    const disputed = await seedCustomer(t.db, org.id, { name: 'Rimu Builders', externalId: 'C-2' });
    const inv = await seedInvoice(t.db, disputed, { number: 'INV-2', dueDate: '2026-11-20' });
    await t.db.updateTable('invoice').set({ disputed: true }).where('id', '=', inv.id).execute();

    const { code, stdout, stderr } = await cli('plan', '--as-of', '2026-12-07', '--json');
    expect([code, stderr]).toEqual([0, '']);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    const byName = Object.fromEntries(rows.map((r) => [(r['customer'] as { name: string }).name, r]));
    expect(byName['Kōwhai Café']).toMatchObject({
      organisation_id: org.id,
      customer: { name: 'Kōwhai Café', external_id: 'C-1' },
      invoices: [
        {
          number: 'INV-1',
          external_id: 'ext-INV-1',
          amount_due: '1234.50',
          currency: 'NZD',
          due_date: '2026-11-30',
          days_overdue: 7,
        },
      ],
      step: 1,
      channels: ['email'],
      // --as-of means 12:00 on that date in the organisation's zone (Auckland, UTC+13 in December).
      planned_at: '2026-12-06T23:00:00.000Z',
      held_reason: null,
    });
    expect(byName['Kōwhai Café']?.['channels_without_sender']).toEqual([]);
    expect(byName['Rimu Builders']).toMatchObject({ step: null, planned_at: null, channels: [] });
    expect(String(byName['Rimu Builders']?.['held_reason'])).toMatch(/^held: disputed/);
  });

  it('holds an overdue invoice whose customer the books do not name, with that reason, instead of leaving it out', async () => {
    const { org } = await seedOrganisation(t.db);
    await t.db
      .insertInto('invoice')
      .values({
        organisation_id: org.id,
        external_id: 'ext-INV-9',
        customer_external_id: 'C-GONE',
        number: 'INV-9',
        currency: 'NZD',
        total: '250.00',
        amount_due: '250.00',
        due_date: '2026-11-20',
        status: 'open',
      })
      .execute();
    const { code, stdout } = await cli('plan', '--as-of', '2026-12-07', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      {
        organisation_id: org.id,
        customer: { name: '', external_id: 'C-GONE' },
        invoices: [
          {
            number: 'INV-9',
            external_id: 'ext-INV-9',
            amount_due: '250.00',
            currency: 'NZD',
            due_date: '2026-11-20',
            days_overdue: 17,
          },
        ],
        step: null,
        channels: [],
        planned_at: null,
        held_reason: 'held: the invoice has no customer in the books',
        decision: 'held',
        explanation: 'held: the invoice has no customer in the books',
        channels_without_sender: [],
      },
    ]);
  });

  it('prints an empty array when nothing is overdue, and refuses bad usage with exit 2', async () => {
    await seedOrganisation(t.db);
    expect(await cli('plan', '--json')).toMatchObject({ code: 0, stdout: '[]\n' });
    expect((await cli('plan', '--as-of', '07/12/2026')).code).toBe(2);
    expect((await cli('plan', '--org', 'nope')).code).toBe(2);
    expect((await cli('plan', '--bogus')).code).toBe(2);
  });

  it('prints a readable table without --json', async () => {
    const { org } = await seedOrganisation(t.db);
    const c = await seedCustomer(t.db, org.id, { name: 'Kōwhai Café' });
    await seedInvoice(t.db, c, { number: 'INV-1', dueDate: '2026-11-30' });
    const { code, stdout } = await cli('plan', '--org', org.id);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(
      /^CUSTOMER\s+INVOICES\s+STEP\s+CHANNELS\s+PLANNED \(UTC\)\s+REASON$/,
    );
    expect(stdout).toContain('INV-1 100.00 NZD 8d');
  });
  it('names a due channel this installation has no sender for: the runner will skip it', async () => {
    const { org } = await seedOrganisation(t.db);
    const c = await seedCustomer(t.db, org.id, { name: 'Kōwhai Café' });
    await seedInvoice(t.db, c, { number: 'INV-1', dueDate: '2026-11-30' });
    const noSendGrid = [createPlanCommand(openWith({ call_task: {} }))];
    const run = async (...argv: string[]) => (await cliWith(noSendGrid, argv)).stdout;
    const [row] = JSON.parse(await run('plan', '--json')) as Record<string, unknown>[];
    expect(row).toMatchObject({ step: 1, channels: ['email'], channels_without_sender: ['email'] });
    expect(await run('plan')).toMatch(/; not sent: no sender configured for email\n$/);
  });
});

describe('dunwise run-cadence', () => {
  it('refuses a malformed --org with exit 2 before touching anything', async () => {
    const { code, stderr } = await cli('run-cadence', '--org', 'nope');
    expect(code).toBe(2);
    expect(stderr).toContain('--org must be an organisation id');
  });
});

describe('dunwise orgs and settings', () => {
  it('orgs list --json gives id, provider, name, external_id and status', async () => {
    const { org } = await seedOrganisation(t.db, { name: 'Harbour Books' });
    const { stdout, code } = await cli('orgs', 'list', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      {
        id: org.id,
        provider: 'quickbooks',
        name: 'Harbour Books',
        external_id: org.external_id,
        status: 'active',
      },
    ]);
  });

  it('settings set applies to all organisations, and a refused value saves nothing (exit 1, field named)', async () => {
    const a = await seedOrganisation(t.db, { name: 'A Ltd' });
    const b = await seedOrganisation(t.db, { name: 'B Ltd' });
    const ok = await cli('settings', 'set', '--all', 'minGapDays=6', 'sendWindow.start=08:30');
    expect(ok).toMatchObject({ code: 0, stdout: 'updated 2 organisations\n' });
    const bad = await cli('settings', 'set', '--all', 'sendWindow.end=08:00', 'minGapDays=4');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('sendWindow.end must be after start (08:30)');
    const shown = await cli('settings', 'show', '--org', b.org.id);
    const settings = (JSON.parse(shown.stdout) as { settings: { minGapDays: number; sendWindow: object } })
      .settings;
    expect(settings.minGapDays).toBe(6);
    expect(settings.sendWindow).toEqual({ start: '08:30', end: '17:00' });
    expect((await cli('settings', 'set', '--org', a.org.id)).code).toBe(2);
    expect((await cli('settings', 'show')).code).toBe(2);
  });
});
