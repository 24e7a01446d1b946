import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';

/**
 * SendGrid signs the Event Webhook with ECDSA P-256 / SHA-256 over `timestamp + raw body`; the app verifies with
 * the public key shown in SendGrid's Mail Settings, which is base64 DER (SPKI) without PEM armour.
 */
export function generateWebhookKeys(): { webhookPublicKey: string; webhookPrivateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    webhookPublicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    webhookPrivateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

/** Base64 DER signature, as sent in `X-Twilio-Email-Event-Webhook-Signature`. */
export function signEventPayload(privateKeyBase64: string, timestamp: string, body: string): string {
  const key = createPrivateKey({
    key: Buffer.from(privateKeyBase64, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  return sign('sha256', Buffer.from(timestamp + body), key).toString('base64');
}
