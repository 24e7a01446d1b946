import express, { type Request, type Response, type Router } from 'express';
import type { Config } from '../../server/config.js';
import { findDelivery, findDeliveryByProviderId, type DeliveryRef } from './deliveries.js';
import type { ChannelDeps } from './deps.js';
import { handleInboundSms } from './sms/inbound.js';
import { applySmsStatus } from './sms/status.js';
import { verifyTwilioRequest, twilioParams } from './twilio-signature.js';
import type { ChannelSender } from './types.js';
import { applyCallStatus } from './voice/call-status.js';
import { answerGather } from './voice/gather.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Twilio's callbacks, mounted under /webhooks, every one signature-checked against the public URL first:
 * - `POST /twilio/status?delivery=ID`: message and call progress (the delivery id rides in the signed URL, so a
 *   callback that beats `send`'s return still finds its row);
 * - `POST /twilio/sms`: inbound SMS (STOP / START / HELP);
 * - `POST /twilio/gather?delivery=ID&lang=…`: the key pressed during an automated call.
 * A failure while applying answers 500 so that Twilio retries; updates are idempotent.
 */
export function twilioWebhookRouter(
  deps: ChannelDeps,
  config: NonNullable<Config['twilio']>,
  appUrl: string,
  sms: ChannelSender<'sms'> | undefined,
): Router {
  const log = deps.log.child({ module: 'channels', webhook: 'twilio' });
  const router = express.Router();
  const verified = verifyTwilioRequest(config.authToken, appUrl, log);
  const guarded =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        await handler(req, res);
      } catch (error) {
        log.error({ err: error, path: req.path }, 'Twilio callback could not be applied; Twilio will retry');
        if (!res.headersSent) res.status(500).end();
      }
    };

  router.post(
    '/twilio/status',
    verified,
    guarded(async (req, res) => {
      const params = twilioParams(res);
      const delivery = await deliveryOf(req.query['delivery'], params['CallSid'] ?? params['MessageSid']);
      if (!delivery) {
        log.warn('Twilio status callback for an unknown delivery ignored');
      } else if (params['CallSid'] && delivery.channel === 'call') {
        await applyCallStatus(deps, sms, delivery, params);
      } else if (delivery.channel === 'sms') {
        await applySmsStatus(deps, delivery, params);
      }
      res.status(204).end();
    }),
  );

  router.post(
    '/twilio/sms',
    verified,
    guarded(async (_req, res) => {
      res.type('text/xml').send(await handleInboundSms(deps, twilioParams(res)));
    }),
  );

  router.post(
    '/twilio/gather',
    verified,
    guarded(async (req, res) => {
      const twiml = await answerGather(deps, req.query, twilioParams(res)['Digits'] ?? '');
      res.type('text/xml').send(twiml);
    }),
  );

  async function deliveryOf(id: unknown, sid: string | undefined): Promise<DeliveryRef | null> {
    if (typeof id === 'string' && UUID.test(id)) {
      const found = await findDelivery(deps.db, id);
      if (found) return found;
    }
    return sid ? findDeliveryByProviderId(deps.db, sid) : null;
  }
  return router;
}
