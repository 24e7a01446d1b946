import express, { type Router } from 'express';
import { receiveReply } from '../twilio/inbound.js';
import type { SandboxWorld } from '../world.js';
import { act } from './respond.js';
import { CallOutcomeBody, EmailOutcomeBody, SmsReplyBody, VerifiedSenderBody } from './schemas.js';

/** What the people at the other end do: reply to texts, (not) answer calls, bounce mail. */
export function channelRoutes(world: SandboxWorld): Router {
  const router = express.Router();
  router.post(
    '/sandbox/sms/reply',
    act((req) => receiveReply(world, SmsReplyBody.parse(req.body ?? {}))),
  );
  router.post(
    '/sandbox/calls/outcome',
    act((req) => {
      const { number, outcome } = CallOutcomeBody.parse(req.body ?? {});
      world.twilio.callOutcomes.set(number, outcome);
      return { number, outcome };
    }),
  );
  router.post(
    '/sandbox/email/outcome',
    act((req) => {
      const { email, outcome } = EmailOutcomeBody.parse(req.body ?? {});
      world.sendgrid.outcomes.set(email.toLowerCase(), outcome);
      return { email, outcome };
    }),
  );
  router.get(
    '/sandbox/email/verified-senders',
    act(() => [...world.sendgrid.verifiedSenders]),
  );
  router.post(
    '/sandbox/email/verified-senders',
    act((req) => {
      const { sender } = VerifiedSenderBody.parse(req.body ?? {});
      world.sendgrid.verifiedSenders.add(sender.toLowerCase().replace(/^@/, ''));
      return [...world.sendgrid.verifiedSenders];
    }),
  );
  return router;
}
