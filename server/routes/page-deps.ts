import type { Connector, Provider } from '../../connectors/types.js';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import type { Logger } from '../log.js';
import type { FormValues } from '../pages/settings-form.js';

/** What the signed-in pages need from the composition root (server/web-routers.ts). */
export interface PageDeps {
  db: Db;
  log: Logger;
  config: Config;
  now: () => Date;
  connectors: Partial<Record<Provider, Connector>>;
  encryptionKey: Buffer;
  /**
   * Sends the settings page's "send me a test" email (step `stepIndex` as typed in `values`) to the signed-in
   * user through the configured email channel. Absent when no email channel is configured: the page explains.
   */
  sendTestEmail?: (
    userId: string,
    organisationId: string,
    values: FormValues,
    stepIndex: number,
  ) => Promise<void>;
}
