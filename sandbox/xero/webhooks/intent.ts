import { randomBytes } from 'node:crypto';
import type { SandboxWorld } from '../../world.js';
import { signXeroWebhook } from './sign.js';

export interface IntentAttempt {
  status: number | null;
  bodyEmpty: boolean;
  error: string | null;
}

export interface IntentToReceiveResult {
  /** Xero enables the webhook only when the app answered 200 to the signed and 401 to the badly signed payload, both with an empty body. */
  ok: boolean;
  correctlySigned: IntentAttempt;
  wronglySigned: IntentAttempt;
}

/**
 * Xero's intent-to-receive validation: an empty-events payload posted once correctly signed and once signed
 * with a wrong key. Never throws; a network failure is reported in the attempt.
 */
export async function sendIntentToReceive(world: SandboxWorld): Promise<IntentToReceiveResult> {
  const url = world.apps.xero.webhookUrl;
  const missing: IntentAttempt = { status: null, bodyEmpty: true, error: 'no webhook URL configured' };
  if (!url) return { ok: false, correctlySigned: missing, wronglySigned: missing };
  // Xero's own payload has spaces after some colons; apps must sign the raw bytes (pitfall P10).
  const body = `{"events":[],"firstEventSequence": 0,"lastEventSequence": 0, "entropy": "${randomBytes(10).toString('hex').toUpperCase()}"}`;
  const correctlySigned = await post(url, body, signXeroWebhook(body, world.apps.xero.webhookKey));
  const wronglySigned = await post(url, body, signXeroWebhook(body, `${world.apps.xero.webhookKey}-wrong`));
  const ok =
    correctlySigned.status === 200 &&
    correctlySigned.bodyEmpty &&
    wronglySigned.status === 401 &&
    wronglySigned.bodyEmpty;
  return { ok, correctlySigned, wronglySigned };
}

async function post(url: string, body: string, signature: string): Promise<IntentAttempt> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xero-signature': signature },
      body,
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    return { status: response.status, bodyEmpty: text.length === 0, error: null };
  } catch (error) {
    return { status: null, bodyEmpty: true, error: error instanceof Error ? error.message : String(error) };
  }
}
