import type { SendDecision } from '../policy/index.js';
import { claimTouchpoint } from './claim.js';
import { channelsWithoutSender } from './deliver.js';
import { planCustomers, type PlannedCustomer } from './planner.js';
import { sendClaimedTouchpoints, type SendResult } from './send.js';
import type { CadenceDeps } from './types.js';

export interface CadenceRunSummary {
  /** Customers the policy looked at. */
  planned: number;
  /** Touchpoints claimed to send now. */
  claimed: number;
  /** Approve-first touchpoints queued for a person. */
  queued: number;
  /** Send decisions another worker (or an earlier tick) had already claimed. */
  alreadyClaimed: number;
  /** What happened to each touchpoint sent in this run (including approved ones from earlier). */
  sent: Map<string, SendResult>;
}

/**
 * One cadence pass at `now` (the tick's scheduled time): plan, claim what is due, then send every claimed
 * touchpoint (new ones, approved ones, and ones an earlier pass could not re-check at the source). Safe to run in
 * any number of processes at once: claims are unique rows and sends are picked with SKIP LOCKED.
 */
export async function runCadence(
  deps: CadenceDeps,
  options: { organisationId?: string | undefined; now: Date },
): Promise<CadenceRunSummary> {
  const summary: CadenceRunSummary = {
    planned: 0,
    claimed: 0,
    queued: 0,
    alreadyClaimed: 0,
    sent: new Map(),
  };
  await planCustomers(
    deps.db,
    {
      organisationId: options.organisationId,
      at: { instant: options.now },
      // A channel this process cannot send on is planned as the policy plans one without a sender number.
      unavailableChannels: channelsWithoutSender(deps.senders),
    },
    async (batch) => {
      summary.planned += batch.length;
      for (const planned of batch) {
        if (planned.decision.kind !== 'send') continue;
        try {
          const id = await claimTouchpoint(
            deps.db,
            planned as PlannedCustomer & { decision: SendDecision },
            deps.workerId,
          );
          if (id === null) summary.alreadyClaimed += 1;
          else if (planned.decision.approvalRequired) summary.queued += 1;
          else summary.claimed += 1;
        } catch (error) {
          // One customer's bad data never stops the others.
          deps.log.error({ err: error, customerId: planned.id }, 'claiming a touchpoint failed');
        }
      }
    },
  );
  summary.sent = await sendClaimedTouchpoints(deps, options);
  return summary;
}

/**
 * Runs the cadence for one organisation right after its sync (connectors call `deps.afterSync`), so an invoice
 * that just became due for a step is acted on without waiting for the next tick. `now` is the sync's own time.
 */
export function runCadenceForOrganisation(
  deps: CadenceDeps,
  organisationId: string,
  now: Date,
): Promise<CadenceRunSummary> {
  return runCadence(deps, { organisationId, now });
}
