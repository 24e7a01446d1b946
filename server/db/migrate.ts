import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrationProvider } from '../../migrations/index.js';

export function createMigrator<T>(db: Kysely<T>): Migrator {
  return new Migrator({ db, provider: migrationProvider });
}

/** Applies every pending migration; throws with the failing migration's name and cause. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<MigrationResultSet> {
  const result = await createMigrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(
      `migration ${failed?.migrationName ?? '(unknown)'} failed: ${result.error instanceof Error ? result.error.message : JSON.stringify(result.error)}`,
      {
        cause: result.error,
      },
    );
  }
  return result;
}

/** Names of migrations not yet applied: the web process refuses to start while any remain. */
export async function pendingMigrations<T>(db: Kysely<T>): Promise<string[]> {
  const all = await createMigrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
