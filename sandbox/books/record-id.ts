import { createRandom, hashString, randomGuid } from './random.js';
import type { Company } from './types.js';

/**
 * The id of a record created after generation: QuickBooks ids are small integers as strings, Xero ids are
 * GUIDs. Both come from `company.nextId` so that replaying the same mutations gives the same ids.
 */
export function nextRecordId(company: Company): string {
  const serial = company.nextId++;
  if (company.provider === 'quickbooks') return String(serial);
  return randomGuid(createRandom(hashString(company.id) ^ serial));
}
