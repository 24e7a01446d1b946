import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';

/** The RS256 key pair that signs access and id tokens, made once per sandbox instance. */
export interface SigningKeys {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwks: Promise<{ keys: JWK[] }>;
}

export function createSigningKeys(): SigningKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID().replace(/-/g, '').toUpperCase();
  const jwks = exportJWK(publicKey).then((jwk) => ({ keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256' }] }));
  return { kid, privateKey, publicKey, jwks };
}
