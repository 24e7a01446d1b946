import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { createPool } from '../server/db/connect.js';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { migrateToLatest } from '../server/db/migrate.js';

/**
 * Once per `vitest run`: find a Postgres server (TEST_DATABASE_URL, else an embedded one of our own), create a
 * migrated template database, and hand its name to the test files, which clone it (test/db.ts). The template's
 * name is unique per run so that several runs can share one server.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env['TEST_DATABASE_URL'];
  const embedded = adminUrl
    ? null
    : await startEmbeddedPostgres({
        dataDir: path.resolve('.data', `test-postgres-${process.pid}`),
        ephemeral: true,
      });
  adminUrl ??= embedded!.url;

  const template = `dunwise_tpl_${randomBytes(5).toString('hex')}`;
  const admin = adminDb(adminUrl);
  await sql`create database ${sql.id(template)}`.execute(admin);
  const templateDb = adminDb(withDatabase(adminUrl, template));
  try {
    await migrateToLatest(templateDb);
  } finally {
    await templateDb.destroy();
  }
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    await sql`drop database if exists ${sql.id(template)} with (force)`.execute(admin);
    await admin.destroy();
    await embedded?.stop();
  };
}

function adminDb(url: string): Kysely<unknown> {
  return new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: createPool({ connectionString: url, max: 2 }) }),
  });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
