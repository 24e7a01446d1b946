import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { ReceivedEmail, SandboxWorld } from '../world.js';
import { MESSAGES, fieldError, sendErrors } from './errors.js';
import { settleEmail } from './events.js';
import { validateMail } from './validate-mail.js';

/** Is `from` a verified Sender Identity: the exact address, or any address at a verified domain? */
export function isVerifiedSender(world: SandboxWorld, from: string): boolean {
  const address = from.toLowerCase();
  const domain = address.slice(address.indexOf('@') + 1);
  const senders = world.sendgrid.verifiedSenders;
  return senders.has(address) || senders.has(domain) || senders.has(`@${domain}`);
}

/**
 * Answers an injected fault the way SendGrid would; returns true when the request has been answered.
 * 'slow' only delays, then lets the request through.
 */
async function answeredByFault(world: SandboxWorld, res: Response): Promise<boolean> {
  const fault = world.takeFault({ provider: 'sendgrid' });
  if (!fault) return false;
  switch (fault.kind) {
    case 'slow':
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 2_000));
      return false;
    case 'rate-limit':
      res.set({
        'X-RateLimit-Limit': '600',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(Math.ceil(world.now() / 1000) + 60),
      });
      sendErrors(res, 429, [fieldError(null, MESSAGES.tooManyRequests)]);
      return true;
    case 'rate-limit-day':
      sendErrors(res, 401, [fieldError(null, 'Maximum credits exceeded')]);
      return true;
    case 'server-error':
      sendErrors(res, 500, [fieldError(null, 'internal error')]);
      return true;
    case 'revoked':
      sendErrors(res, 401, [fieldError(null, MESSAGES.badKey)]);
      return true;
  }
}

async function mailSend(world: SandboxWorld, req: Request, res: Response): Promise<void> {
  const auth = req.get('authorization');
  if (!auth) return sendErrors(res, 401, [fieldError(null, MESSAGES.authRequired)]);
  if (auth !== `Bearer ${world.apps.sendgrid.apiKey}`)
    return sendErrors(res, 401, [fieldError(null, MESSAGES.badKey)]);
  if (await answeredByFault(world, res)) return;
  let body: unknown;
  try {
    body = JSON.parse(typeof req.body === 'string' ? req.body : '');
  } catch {
    return sendErrors(res, 400, [fieldError(null, 'Bad Request')]);
  }
  const { mails, errors } = validateMail(body);
  if (errors.length > 0) return sendErrors(res, 400, errors);
  const unverified = mails.find((m) => !isVerifiedSender(world, m.from));
  if (unverified) return sendErrors(res, 403, [fieldError('from', MESSAGES.unverifiedSender)]);
  const messageId = randomBytes(16).toString('base64url').slice(0, 22);
  const accepted: ReceivedEmail[] = mails.map((m) => ({
    id: messageId,
    at: world.now(),
    from: m.from,
    replyTo: m.replyTo,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    customArgs: m.customArgs,
    status: 'processed',
  }));
  world.received.emails.push(...accepted);
  res.status(202).set('X-Message-Id', messageId).end();
  for (const email of accepted) settleEmail(world, email);
}

/** SendGrid v3 under `/sendgrid`: mail/send only, which is all Dunwise uses. */
export function createSendGridSandbox(world: SandboxWorld): Router {
  const router = express.Router();
  // Raw text so that malformed JSON gets SendGrid's 400 rather than express's HTML error page.
  const text = express.text({ type: () => true, limit: '30mb' });
  router.post('/sendgrid/v3/mail/send', text, (req, res) => mailSend(world, req, res));
  router.all('/sendgrid/v3/mail/send', (_req, res) =>
    sendErrors(res, 405, [fieldError(null, 'method not allowed')]),
  );
  router.all('/sendgrid/{*rest}', (_req, res) =>
    sendErrors(res, 404, [fieldError(null, 'resource not found')]),
  );
  return router;
}
