import { EventWebhook, EventWebhookHeader } from '@sendgrid/eventwebhook';
import express, { type Router } from 'express';
import type { Config } from '../../../server/config.js';
import type { ChannelDeps } from '../deps.js';
import { applySendGridEvent, type SendGridEvent } from './events.js';

/**
 * `POST /sendgrid` (mounted under /webhooks): the Event Webhook. The ECDSA signature covers the timestamp and the
 * exact bytes received, so it is checked on the raw Buffer (B22) before anything is parsed or changed. A bad
 * signature gets 403 and changes nothing; a failure while applying gets 500 so that SendGrid posts the batch
 * again (events are applied once, by sg_event_id).
 */
export function sendGridWebhookRouter(deps: ChannelDeps, config: NonNullable<Config['sendgrid']>): Router {
  const log = deps.log.child({ module: 'channels', webhook: 'sendgrid' });
  const verifier = new EventWebhook();
  const publicKey = verifier.convertPublicKeyToECDSA(config.webhookPublicKey);
  const router = express.Router();
  router.post('/sendgrid', async (req, res) => {
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body)) {
      log.error('SendGrid webhook body was parsed before verification; mount it with express.raw');
      res.status(400).end();
      return;
    }
    const signature = req.get(EventWebhookHeader.SIGNATURE());
    const timestamp = req.get(EventWebhookHeader.TIMESTAMP());
    if (!signature || !timestamp) {
      log.warn('SendGrid webhook without signature headers refused');
      res.status(401).end();
      return;
    }
    if (!verifies(verifier, publicKey, body, signature, timestamp)) {
      log.warn('SendGrid webhook with a bad signature refused');
      res.status(403).end();
      return;
    }
    let events: SendGridEvent[];
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (!Array.isArray(parsed)) throw new Error('not an array');
      events = parsed.filter((e): e is SendGridEvent => typeof e === 'object' && e !== null);
    } catch {
      log.warn('SendGrid webhook with a malformed body refused');
      res.status(400).end();
      return;
    }
    try {
      let applied = 0;
      for (const event of events) if (await applySendGridEvent(deps.db, event, deps.now())) applied += 1;
      log.info({ events: events.length, applied }, 'SendGrid events applied');
      res.status(200).end();
    } catch (error) {
      log.error({ err: error }, 'SendGrid events could not be applied; SendGrid will retry');
      res.status(500).end();
    }
  });
  return router;
}

function verifies(
  verifier: EventWebhook,
  publicKey: ReturnType<EventWebhook['convertPublicKeyToECDSA']>,
  body: Buffer,
  signature: string,
  timestamp: string,
): boolean {
  try {
    return verifier.verifySignature(publicKey, body, signature, timestamp);
  } catch {
    // A signature that is not even valid base64 DER throws inside the ECDSA library.
    return false;
  }
}
