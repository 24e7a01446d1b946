import type { Db } from '../../server/db/connect.js';
import type { Logger } from '../../server/log.js';

/** What every sender and webhook of the channels needs from the process. */
export interface ChannelDeps {
  db: Db;
  log: Logger;
  /** The clock; injected so tests and scheduled runs decide the time. */
  now: () => Date;
}
