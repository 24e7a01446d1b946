import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Outside production, a missing SESSION_SECRET or ENCRYPTION_KEY is generated once and kept in
 * `<dataDir>/secrets.json`, so `npm start` works on a fresh clone and stored tokens stay readable across restarts.
 * Returns the variables to add to the environment before it is parsed.
 */
export async function devSecrets(env: Record<string, string | undefined>): Promise<Record<string, string>> {
  if (env['NODE_ENV'] === 'production') return {};
  if (env['SESSION_SECRET'] && env['ENCRYPTION_KEY']) return {};
  const file = path.resolve(env['DATA_DIR'] || '.data', 'secrets.json');
  let stored: Record<string, string> = {};
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  } catch {
    stored = {
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    };
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  const added: Record<string, string> = {};
  if (!env['SESSION_SECRET'] && stored['SESSION_SECRET']) added['SESSION_SECRET'] = stored['SESSION_SECRET'];
  if (!env['ENCRYPTION_KEY'] && stored['ENCRYPTION_KEY']) added['ENCRYPTION_KEY'] = stored['ENCRYPTION_KEY'];
  return added;
}
