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

/** One entry of `delivery.status_history`. */
/**
 * A delivery's history in the order things happened, for people: providers' callbacks arrive in any order (a
 * call's 'answered' can land before its 'ringing'), so within one attempt (from a 'sending' to the next) entries
 * go by how far along they are, and by time where that ties. Attempts stay in the order they were made.
 */
export function historyInOrder<E extends { at?: string; status?: string }>(entries: readonly E[]): E[] {
  const attempts: E[][] = [];
  for (const entry of entries) {
    if (entry.status === 'sending' || attempts.length === 0) attempts.push([]);
    attempts[attempts.length - 1]!.push(entry);
  }
  const rankOf = (s: string | undefined) => RANK[s as DeliveryStatus] ?? 0;
  return attempts.flatMap((attempt) =>
    [...attempt].sort(
      (a, b) => rankOf(a.status) - rankOf(b.status) || (a.at ?? '').localeCompare(b.at ?? ''),
    ),
  );
}

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
