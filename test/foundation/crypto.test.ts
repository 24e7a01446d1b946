import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret } from '../../server/crypto.js';
import { hashPassword, verifyPassword } from '../../server/auth/passwords.js';

const key = Buffer.alloc(32, 9);

describe('secrets at rest', () => {
  it('round-trips and never stores the plaintext', () => {
    const envelope = encryptSecret(key, 'refresh-token-Ω', 'connection:1:refresh');
    expect(envelope).not.toContain('refresh-token');
    expect(decryptSecret(key, envelope, 'connection:1:refresh')).toBe('refresh-token-Ω');
  });

  it('refuses a token moved to another connection or tampered with', () => {
    const envelope = encryptSecret(key, 'token', 'connection:1:refresh');
    expect(() => decryptSecret(key, envelope, 'connection:2:refresh')).toThrow();
    const tampered = envelope.slice(0, -2) + (envelope.endsWith('A') ? 'BB' : 'AA');
    expect(() => decryptSecret(key, tampered, 'connection:1:refresh')).toThrow();
    expect(() => decryptSecret(Buffer.alloc(32, 1), envelope, 'connection:1:refresh')).toThrow();
  });
});

describe('passwords', () => {
  it('verifies the right password only', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  });
});
