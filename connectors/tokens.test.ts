import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/db.js';
import { buildConnection, buildOrganisation, TEST_ENCRYPTION_KEY } from '../test/factories.js';
import { readTokens, saveTokens, withAccessToken, type TokenSet } from './tokens.js';
import { ConnectorError } from './types.js';

const t = useTestDatabase();
const now = new Date('2026-12-03T10:00:00Z');
const deps = () => ({ db: t.db, encryptionKey: TEST_ENCRYPTION_KEY, now: () => now });
const minutes = (m: number) => new Date(now.getTime() + m * 60_000);

async function connectionWith(tokens: TokenSet) {
  const connection = await buildConnection(t.db);
  await saveTokens(deps(), connection.id, tokens);
  return connection;
}

describe('tokens', () => {
  it('stores tokens encrypted, never in plaintext', async () => {
    const c = await connectionWith({
      accessToken: 'AT-secret',
      refreshToken: 'RT-secret',
      accessTokenExpiresAt: minutes(60),
      refreshTokenExpiresAt: null,
    });
    const row = await t.db
      .selectFrom('connection')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('secret');
    expect((await readTokens(deps(), c.id)).refreshToken).toBe('RT-secret');
  });

  it('two processes needing a refresh at once refresh once, and both use the rotated token', async () => {
    const c = await connectionWith({
      accessToken: 'AT1',
      refreshToken: 'RT1',
      accessTokenExpiresAt: minutes(1),
      refreshTokenExpiresAt: null,
    });
    const calls: string[] = [];
    const refresh = async (rt: string): Promise<TokenSet> => {
      calls.push(rt);
      await new Promise((r) => setTimeout(r, 50));
      return {
        accessToken: 'AT2',
        refreshToken: 'RT2',
        accessTokenExpiresAt: minutes(60),
        refreshTokenExpiresAt: minutes(60 * 24 * 100),
      };
    };
    const used = await Promise.all(
      [1, 2, 3].map(() => withAccessToken(deps(), c.id, refresh, (at) => Promise.resolve(at))),
    );
    expect(calls).toEqual(['RT1']);
    expect(used).toEqual(['AT2', 'AT2', 'AT2']);
    expect((await readTokens(deps(), c.id)).refreshToken).toBe('RT2');
  });

  it('invalid_grant marks the connection and its organisations as needing reconnect', async () => {
    const c = await connectionWith({
      accessToken: 'AT1',
      refreshToken: 'RT1',
      accessTokenExpiresAt: minutes(-1),
      refreshTokenExpiresAt: null,
    });
    const org = await buildOrganisation(t.db, { workspaceId: c.workspace_id, connectionId: c.id });
    const refresh = () =>
      Promise.reject(new ConnectorError('quickbooks', 'needs_reconnect', 'invalid_grant'));
    await expect(withAccessToken(deps(), c.id, refresh, () => Promise.resolve(1))).rejects.toMatchObject({
      kind: 'needs_reconnect',
    });
    const o = await t.db
      .selectFrom('organisation')
      .select(['status', 'status_reason'])
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(o).toEqual({ status: 'needs_reconnect', status_reason: 'invalid_grant' });
  });

  it('a transient refresh failure leaves the stored tokens untouched (B03)', async () => {
    const c = await connectionWith({
      accessToken: 'AT1',
      refreshToken: 'RT1',
      accessTokenExpiresAt: minutes(-1),
      refreshTokenExpiresAt: null,
    });
    const refresh = () => Promise.reject(new Error('socket hang up'));
    await expect(withAccessToken(deps(), c.id, refresh, () => Promise.resolve(1))).rejects.toMatchObject({
      kind: 'transient',
    });
    const tokens = await readTokens(deps(), c.id);
    expect([tokens.accessToken, tokens.refreshToken]).toEqual(['AT1', 'RT1']);
  });
});
