import type { Connector, Provider } from '../../connectors/types.js';
import type { Db } from '../../server/db/connect.js';
import type { Logger } from '../../server/log.js';
import type { ChannelSenders } from '../channels/types.js';
import type { MessageEdits, RenderedByChannel } from './messages.js';

/** What the cadence runner needs from the process; a subset of `Runtime` plus the channel senders. */
export interface CadenceDeps {
  db: Db;
  log: Logger;
  connectors: Partial<Record<Provider, Connector>>;
  senders: ChannelSenders;
  /** Wall-clock time, only for recording when things happened (decisions use the tick's scheduled time). */
  now: () => Date;
  /** Names this process in `touchpoint.claimed_by` (host:pid), for people reading the table. */
  workerId: string;
}

/** Stored in `touchpoint.preview`: where the message goes, what a person approved, and their edits. */
export interface TouchpointPlan {
  recipients: { emails: string[]; sms: string | null; phone: string | null };
  /** The channel used if the automated call goes unanswered. */
  fallback: 'email' | 'sms' | 'call' | 'call_task' | null;
  /** Approve-first: the messages as rendered when queued (what the person saw). */
  rendered?: RenderedByChannel;
  /** Approve-first: the person's edits, applied when it is sent. */
  edits?: MessageEdits;
}
