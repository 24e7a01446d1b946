import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/db.js';
import { TEST_ENCRYPTION_KEY } from '../test/factories.js';
import { measureXeroSync } from './xero-sync.js';

const t = useTestDatabase();

describe('bench/xero-sync', () => {
  it('runs on a small organisation and reports counts (no timing asserted)', async () => {
    const m = await measureXeroSync(t.db, TEST_ENCRYPTION_KEY, 200);
    expect(m.invoices).toBe(200);
    expect(m.fullSyncApiCalls).toBeGreaterThan(0);
    expect(m.apiCallsPerOrganisationDay).toBeGreaterThanOrEqual(24);
  });
});
