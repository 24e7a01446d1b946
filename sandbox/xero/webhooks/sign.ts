import { createHmac } from 'node:crypto';

/** x-xero-signature: base64(HMAC-SHA256(webhook key, raw body bytes)). */
export function signXeroWebhook(rawBody: string, webhookKey: string): string {
  return createHmac('sha256', webhookKey).update(rawBody, 'utf8').digest('base64');
}
