import type { Db } from '../server/db/connect.js';
import type { Logger } from '../server/log.js';

/** What a connector needs from the composition root (server/deps.ts). Connectors never read process.env. */
export interface ConnectorDeps {
  db: Db;
  log: Logger;
  encryptionKey: Buffer;
  /** The clock, injected; jobs pass their scheduled time where it matters. */
  now: () => Date;
  /** Called after every sync that changed invoices, so a step that just became due is acted on at once. */
  afterSync?: (organisationId: string, now: Date) => Promise<void>;
}
