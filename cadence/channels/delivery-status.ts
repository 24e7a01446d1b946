/**
 * The words a `delivery.status` can hold, and which later truth may replace which. Providers report out of order
 * (a 'delivered' event can arrive after the 'bounce' for the same message, an 'answered' callback after
 * 'completed'), so a status only moves forward: a bounce is never shown as delivered again (B27).
 */
export type DeliveryStatus =
  // Created by the runner / sent by a sender.
  | 'pending'
  | 'sending'
  | 'accepted'
  | 'task_created'
  | 'failed'
  // Twilio message and call progress.
  | 'queued'
  | 'sent'
  | 'ringing'
  | 'in_progress'
  | 'delivered'
  | 'undelivered'
  | 'answered_human'
  | 'answered_machine'
  | 'no_answer'
  | 'busy'
  // SendGrid events.
  | 'bounced'
  | 'dropped'
  | 'spam_reported'
  | 'unsubscribed'
  // Call tasks.
  | 'done';

const RANK: Record<DeliveryStatus, number> = {
  pending: 0,
  sending: 1,
  accepted: 2,
  task_created: 2,
  queued: 2,
  sent: 3,
  ringing: 3,
  in_progress: 4,
  delivered: 5,
  answered_human: 5,
  answered_machine: 5,
  no_answer: 5,
  busy: 5,
  done: 5,
  undelivered: 6,
  failed: 6,
  bounced: 6,
  dropped: 6,
  spam_reported: 7,
  unsubscribed: 7,
};

/** The status to keep when `next` is reported for a delivery currently at `current`. */
export function laterStatus(current: string, next: DeliveryStatus): string {
  const rankOf = (s: string) => RANK[s as DeliveryStatus] ?? 0;
  return rankOf(next) >= rankOf(current) ? next : current;
}

/** What Dunwise records when a sender answers: one per attempt. */
const SENDER_OUTCOMES = new Set(['accepted', 'failed', 'task_created']);

/**
 * A delivery's history in the order things happened, for people: providers' callbacks arrive in any order (a
 * call's 'answered' can land before its 'ringing'), so within one attempt entries go by how far along they are,
 * and by time where that ties; attempts stay in the order they were made. An attempt opens with 'sending', or
 * (histories written before retries recorded that) with a second sender answer from Dunwise.
 */
export function historyInOrder<E extends { at?: string; status?: string; source?: string }>(
  entries: readonly E[],
): E[] {
  const attempts: { entries: E[]; answered: boolean }[] = [];
  for (const entry of entries) {
    const answer = entry.source === 'dunwise' && SENDER_OUTCOMES.has(entry.status ?? '');
    const current = attempts.at(-1);
    if (!current || entry.status === 'sending' || (answer && current.answered)) {
      attempts.push({ entries: [entry], answered: answer });
    } else {
      current.entries.push(entry);
      current.answered ||= answer;
    }
  }
  // A status this code does not know keeps its place in time after the attempt's opening entry.
  const rankOf = (s: string | undefined) => RANK[s as DeliveryStatus];
  return attempts.flatMap(({ entries: [opening, ...rest] }) => [
    opening!,
    ...rest.sort((a, b) => {
      const ra = rankOf(a.status);
      const rb = rankOf(b.status);
      const byRank = ra === undefined || rb === undefined ? 0 : ra - rb;
      return byRank || (a.at ?? '').localeCompare(b.at ?? '');
    }),
  ]);
}

/** One entry of `delivery.status_history`. */
export interface StatusEntry {
  /** ISO instant the provider gave for the event, else when Dunwise learnt it. */
  at: string;
  status: DeliveryStatus;
  source: 'dunwise' | 'sendgrid' | 'twilio' | 'user';
  /** The provider's own event name or error code, for people reading the history. */
  detail?: string | null;
  /** Provider event id (SendGrid sg_event_id, Twilio sid + status): the same event is applied once. */
  eventId?: string | null;
}
