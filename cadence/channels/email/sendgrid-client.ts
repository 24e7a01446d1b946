import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import type { Config } from '../../../server/config.js';

/**
 * A MailService on its own Client, pointed at `config.apiUrl` (the real API or the sandbox). Never the module-level
 * singletons: two configurations in one process (tests, the demo) must not share a key or a base URL.
 */
export function createMailService(config: NonNullable<Config['sendgrid']>): MailService {
  const client = new Client();
  client.setApiKey(config.apiKey);
  // setApiKey resets baseUrl to the region's host, so the override must come after it.
  client.setDefaultRequest('baseUrl', config.apiUrl);
  const mail = new MailService();
  mail.setClient(client);
  // A hung connection must fail the send (and be retried) rather than hold the runner.
  mail.setTimeout(20_000);
  return mail;
}
