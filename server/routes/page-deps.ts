import type { Connector, Provider } from '../../connectors/types.js';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import type { Logger } from '../log.js';

/** What the signed-in pages need from the composition root (server/web-routers.ts). */
export interface PageDeps {
  db: Db;
  log: Logger;
  config: Config;
  now: () => Date;
  connectors: Partial<Record<Provider, Connector>>;
  encryptionKey: Buffer;
}
