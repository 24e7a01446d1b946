import { randomUUID } from 'node:crypto';
import { msDateTimeNoOffset } from '../dates.js';

/** The wrapper around every accounting JSON response. */
export function envelope(
  providerName: string,
  now: number,
  body: Record<string, unknown>,
): Record<string, unknown> {
  return {
    Id: randomUUID(),
    Status: 'OK',
    ProviderName: providerName,
    DateTimeUTC: msDateTimeNoOffset(now),
    ...body,
  };
}
