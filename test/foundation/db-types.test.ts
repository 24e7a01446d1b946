import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db.js';

const t = useTestDatabase();

describe('database types', () => {
  it('runs every pooled connection with JIT off (see createPool)', async () => {
    const { rows } = await sql<{ jit: string }>`show jit`.execute(t.db);
    expect(rows[0]!.jit).toBe('off');
  });

  it('returns calendar dates unchanged whatever the process time zone', async () => {
    const { rows } = await sql<{ d: string; leap: string; early: string }>`
      select date '2026-12-31' as d, date '2028-02-29' as leap, date '1969-12-31' as early
    `.execute(t.db);
    expect(rows[0]).toEqual({ d: '2026-12-31', leap: '2028-02-29', early: '1969-12-31' });
  });

  it('returns money as exact decimal strings, never floats', async () => {
    const workspace = await t.db
      .insertInto('workspace')
      .values({ name: 'W' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const org = await t.db
      .insertInto('organisation')
      .values({
        workspace_id: workspace.id,
        provider: 'xero',
        external_id: 'tenant-1',
        name: 'Ōtautahi Plumbing',
        base_currency: 'NZD',
        time_zone: 'Pacific/Auckland',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('invoice')
      .values({
        organisation_id: org.id,
        external_id: 'inv-1',
        customer_external_id: 'c-1',
        currency: 'NZD',
        total: '0.3',
        amount_due: '0.1',
        due_date: '2026-11-30',
        status: 'open',
      })
      .execute();
    const inv = await t.db
      .selectFrom('invoice')
      .select(['total', 'amount_due', 'due_date', sql<string>`total + amount_due + 0.2`.as('sum')])
      .executeTakeFirstOrThrow();
    // 0.1 + 0.2 + 0.3 is 0.6000000000000001 in floating point; in numeric it is exact.
    expect(inv).toEqual({ total: '0.3000', amount_due: '0.1000', due_date: '2026-11-30', sum: '0.6000' });
  });

  it('counts come back as numbers', async () => {
    const { rows } = await sql<{ n: number }>`select count(*) as n from generate_series(1, 3)`.execute(t.db);
    expect(rows[0]?.n).toBe(3);
  });
});
