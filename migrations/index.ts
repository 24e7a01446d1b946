import type { Migration, MigrationProvider } from 'kysely';
import * as coreSchema from './2026_12_03_0001_core_schema.js';
import * as oauthCode from './2026_12_03_1001_oauth_code.js';
import * as cadenceRunner from './2026_12_03_3001_cadence_runner.js';
import * as channels from './2026_12_03_4001_channels.js';
import * as rateLimit from './2026_12_03_5001_rate_limit.js';
import * as identity from './2026_12_03_8001_identity.js';
import * as customerSearch from './2026_12_03_8002_customer_search.js';
import * as pageIndexes from './2026_12_03_8101_page_indexes.js';
import * as reconcileSeen from './2026_12_04_2001_reconcile_seen.js';

/**
 * Every migration, listed statically so that tsx, vitest and the compiled CLI load them the same way
 * (kysely's FileMigrationProvider would import .ts files from inside node_modules, which Node 20 cannot).
 * Names sort in the order they run; never rename or edit one that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '2026_12_03_0001_core_schema': coreSchema,
  '2026_12_03_1001_oauth_code': oauthCode,
  '2026_12_03_3001_cadence_runner': cadenceRunner,
  '2026_12_03_4001_channels': channels,
  '2026_12_03_5001_rate_limit': rateLimit,
  '2026_12_03_8001_identity': identity,
  '2026_12_03_8002_customer_search': customerSearch,
  '2026_12_03_8101_page_indexes': pageIndexes,
  '2026_12_04_2001_reconcile_seen': reconcileSeen,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
