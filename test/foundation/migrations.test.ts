import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { createMigrator, pendingMigrations } from '../../server/db/migrate.js';
import { useTestDatabase } from '../db.js';

const t = useTestDatabase();

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables where table_schema = 'public' order by 1
  `.execute(t.db);
  return rows.map((r) => r.name).filter((n) => !n.startsWith('kysely_'));
}

describe('migrations', () => {
  it('the template database is fully migrated', async () => {
    expect(await pendingMigrations(t.db)).toEqual([]);
    expect(await tables()).toEqual(
      expect.arrayContaining([
        'workspace',
        'organisation',
        'invoice',
        'touchpoint',
        'touchpoint_invoice',
        'note',
      ]),
    );
  });

  it('roll all the way down and back up again', async () => {
    const migrator = createMigrator(t.db);
    const names = Object.keys(migrations);
    for (const _ of names) {
      const { error } = await migrator.migrateDown();
      expect(error).toBeUndefined();
    }
    expect(await tables()).toEqual([]);
    expect(await pendingMigrations(t.db)).toEqual(names);

    const { error, results } = await migrator.migrateToLatest();
    expect(error).toBeUndefined();
    expect(results?.map((r) => [r.migrationName, r.status])).toEqual(names.map((n) => [n, 'Success']));
    expect(await tables()).toContain('invoice');
  });
});
