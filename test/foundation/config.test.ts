import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

const secrets = { SESSION_SECRET: 'x'.repeat(32), ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('config', () => {
  it('with no provider credentials, runs the demo on the defaults', () => {
    const config = loadConfig(secrets);
    expect(config).toMatchObject({
      demo: true,
      port: 3000,
      appUrl: 'http://localhost:3000',
      databaseUrl: null,
    });
    expect(config.quickbooks).toBeNull();
    expect(config.encryptionKey).toHaveLength(32);
  });

  it('lists every problem, one line each, naming the variable', () => {
    expect(
      problems({
        PORT: 'eighty',
        SESSION_SECRET: 'short',
        ENCRYPTION_KEY: 'bm90IDMyIGJ5dGVz',
        DATABASE_URL: 'mysql://nope',
        TWILIO_ACCOUNT_SID: 'XX123',
      }),
    ).toEqual([
      expect.stringMatching(/^PORT: /),
      expect.stringMatching(/^DATABASE_URL: /),
      'SESSION_SECRET: must be at least 32 characters',
      'ENCRYPTION_KEY: must be 32 random bytes, base64-encoded',
      'TWILIO_ACCOUNT_SID: must start with AC',
    ]);
  });

  it('refuses half a provider', () => {
    expect(problems({ ...secrets, XERO_CLIENT_ID: 'abc' })).toEqual([
      'XERO_CLIENT_SECRET: required when XERO_CLIENT_ID is set',
      'XERO_WEBHOOK_KEY: required when XERO_CLIENT_ID is set',
    ]);
  });

  it('requires real secrets and a database in production', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      'SESSION_SECRET: required when NODE_ENV=production',
      'ENCRYPTION_KEY: required when NODE_ENV=production',
      'APP_URL: required when NODE_ENV=production',
      'DATABASE_URL: required when NODE_ENV=production',
    ]);
  });

  it('points providers at overridden endpoints (how the sandbox is wired in)', () => {
    const config = loadConfig({
      ...secrets,
      APP_URL: 'https://app.dunwise.example/',
      XERO_CLIENT_ID: 'id',
      XERO_CLIENT_SECRET: 'secret',
      XERO_WEBHOOK_KEY: 'key',
      XERO_API_URL: 'http://127.0.0.1:4010/xero/api/',
    });
    expect(config.demo).toBe(false);
    expect(config.xero).toMatchObject({
      apiUrl: 'http://127.0.0.1:4010/xero/api',
      identityUrl: 'https://identity.xero.com',
      redirectUri: 'https://app.dunwise.example/connect/xero/callback',
    });
  });
});
