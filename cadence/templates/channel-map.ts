import type { Channel } from './types.js';

/**
 * Cadence settings call the automated call channel `call` (cadence/settings/schema.ts); its template is the
 * `voice` script. Every other channel has the same name in both places.
 */
export function templateChannel(channel: 'email' | 'sms' | 'call' | 'call_task'): Channel {
  return channel === 'call' ? 'voice' : channel;
}
