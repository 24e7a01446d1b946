import { parseArgs } from 'node:util';
import { planReport, type PlanRow } from '../../../cadence/run/plan-report.js';
import { isLocalDate } from '../../../cadence/policy/calendar.js';
import type { ChannelName } from '../../../cadence/channels/types.js';
import type { Runtime } from '../../runtime.js';
import { type CliCommand, type CliIo, UsageError } from '../command.js';
import { withRuntime } from '../with-runtime.js';

/**
 * `dunwise plan [--org ID] [--as-of YYYY-MM-DD] [--json]`: what the cadence would do, and why each customer is
 * held; a due channel this installation has no sender for (no SendGrid or Twilio configured) is named, as the
 * runner will skip it. `--as-of D` plans for 12:00 on D in each organisation's own zone (inside the default send window, clear of
 * DST jumps), against today's data and touchpoint history; without it, for the current instant.
 */
export function createPlanCommand(
  open: <T>(body: (rt: Runtime) => Promise<T>) => Promise<T> = withRuntime,
): CliCommand {
  return {
    name: 'plan',
    usage: 'plan [--org ID] [--as-of YYYY-MM-DD] [--json]   what the cadence would do, and why',
    async run(args, io) {
      const { values, positionals } = parseArgs({
        args,
        options: { org: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } },
        strict: true,
        allowPositionals: true,
      });
      if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
      const asOf = values['as-of'];
      if (asOf !== undefined && !isLocalDate(asOf))
        throw new UsageError('--as-of must be a date as YYYY-MM-DD');
      if (values.org !== undefined && !UUID.test(values.org))
        throw new UsageError('--org must be an organisation id');
      return open(async (runtime) => {
        const at = asOf !== undefined ? { localDate: asOf } : { instant: runtime.now() };
        await printPlan(runtime, io, { organisationId: values.org, at }, values.json === true);
        return 0;
      });
    },
  };
}

export const planCommand = createPlanCommand();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function printPlan(
  runtime: Runtime,
  io: CliIo,
  options: Parameters<typeof planReport>[1],
  json: boolean,
): Promise<void> {
  let first = true;
  if (json) io.stdout.write('[');
  else io.stdout.write(`${header()}\n`);
  await planReport(runtime.db, options, (rows) => {
    for (const planned of rows) {
      // The plan is the cadence's; what this installation can send is its configuration (the runner skips the rest).
      const row = {
        ...planned,
        channels_without_sender: planned.channels.filter((c) => !hasSender(runtime, c)),
      };
      if (json) io.stdout.write(`${first ? '\n' : ',\n'}${JSON.stringify(row)}`);
      else io.stdout.write(`${tableLine(row)}\n`);
      first = false;
    }
    return Promise.resolve();
  });
  if (json) io.stdout.write(first ? ']\n' : '\n]\n');
}

const COLUMNS = [
  ['CUSTOMER', 28],
  ['INVOICES', 44],
  ['STEP', 5],
  ['CHANNELS', 12],
  ['PLANNED (UTC)', 17],
] as const;

function cell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

function header(): string {
  return [...COLUMNS.map(([name, width]) => cell(name, width)), 'REASON'].join(' ');
}

function hasSender(runtime: Runtime, channel: string): boolean {
  return runtime.senders[channel as ChannelName] !== undefined;
}

function tableLine(row: PlanRow & { channels_without_sender: string[] }): string {
  const invoices = row.invoices
    .map(
      (i) =>
        `${i.number} ${i.amount_due} ${i.currency} ${i.days_overdue === null ? 'no due date' : `${i.days_overdue}d`}`,
    )
    .join('; ');
  const values = [
    row.customer.name,
    invoices,
    row.step === null ? '-' : String(row.step),
    row.channels.join('+') || '-',
    row.planned_at === null ? '-' : row.planned_at.slice(0, 16).replace('T', ' '),
  ];
  const unsent = row.channels_without_sender;
  const reason =
    (row.held_reason ?? row.explanation) +
    (unsent.length > 0 ? `; not sent: no sender configured for ${unsent.join(', ')}` : '');
  return [...values.map((v, i) => cell(v, (COLUMNS[i] as readonly [string, number])[1])), reason].join(' ');
}
