import twilio from 'twilio';
import type { Config } from '../../server/config.js';

export type TwilioClient = twilio.Twilio;

/**
 * A Twilio client whose `api` domain (Messages, Calls) resolves against `config.apiUrl`: the real
 * https://api.twilio.com or the sandbox. Every domain object keeps its own `baseUrl`.
 */
export function createTwilioClient(config: NonNullable<Config['twilio']>): TwilioClient {
  const client = twilio(config.accountSid, config.authToken, { timeout: 20_000 });
  client.api.baseUrl = config.apiUrl;
  return client;
}
