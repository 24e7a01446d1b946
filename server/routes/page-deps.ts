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
   * Sends the settings page's "send me a test" email to the signed-in user. Default: through the configured
   * SendGrid (server/pages/test-email.ts); absent with no email channel, and the page explains.
   */
  sendTestEmail?: (request: TestEmailRequest) => Promise<TestEmailResult>;
}

export interface TestEmailRequest {
  userId: string;
  organisationId: string;
  /** The form as typed, saved or not. */
  values: FormValues;
  stepIndex: number;
  language: 'en' | 'fr';
  /** The business as the preview shows it (placeholders filled in). */
  business: { name: string; replyTo: string; phone: string | null };
  /** The reply-to as typed; none when empty. */
  replyTo: string | null;
}

export type TestEmailResult =
  { ok: true; to: string } | { ok: false; reason: 'invalid_step' | 'rate_limited' | 'refused' };
