import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { ReceivedSms, SandboxWorld } from '../world.js';
import { TWILIO_ERRORS, sendTwilioError } from './errors.js';
import { field } from './guard.js';
import { countSegments, isValidNumber } from './numbers.js';
import { messageResource } from './resources.js';
import { signedForm } from './signature.js';

export function newSid(prefix: 'SM' | 'CA'): string {
  return prefix + randomBytes(16).toString('hex');
}

export function optOutKey(recipient: string, sender: string): string {
  return `${recipient}|${sender}`;
}

/** POST Messages.json: validate as Twilio does, store, answer 201 queued, then report sent and delivered. */
export function createMessage(world: SandboxWorld, req: Request, res: Response): void {
  const to = field(req.body, 'To');
  const from = field(req.body, 'From');
  const serviceSid = field(req.body, 'MessagingServiceSid');
  const body = field(req.body, 'Body');
  if (!to) return sendTwilioError(res, 400, TWILIO_ERRORS.missingTo, "A 'To' phone number is required.");
  if (!from && !serviceSid)
    return sendTwilioError(res, 400, TWILIO_ERRORS.missingFrom, "A 'From' phone number is required.");
  if (!body) return sendTwilioError(res, 400, TWILIO_ERRORS.missingBody, 'Message body is required.');
  if (!isValidNumber(to)) {
    return sendTwilioError(
      res,
      400,
      TWILIO_ERRORS.invalidTo,
      `The 'To' number ${to} is not a valid phone number.`,
    );
  }
  if (world.twilio.landlines.has(to)) {
    return sendTwilioError(
      res,
      400,
      TWILIO_ERRORS.notMobile,
      `'To' number ${to} is not a valid mobile number`,
    );
  }
  if (world.twilio.optOuts.has(optOutKey(to, from ?? serviceSid ?? ''))) {
    return sendTwilioError(res, 400, TWILIO_ERRORS.unsubscribed, 'Attempt to send to unsubscribed recipient');
  }
  const sms: ReceivedSms = {
    sid: newSid('SM'),
    at: world.now(),
    from: from ?? '',
    to,
    body,
    statusCallback: field(req.body, 'StatusCallback'),
    status: 'queued',
    direction: 'outbound-api',
    messagingServiceSid: serviceSid,
    numSegments: countSegments(body),
  };
  world.received.sms.push(sms);
  const { accountSid } = world.apps.twilio;
  res.status(201).json(messageResource(accountSid, sms));
  // A real carrier takes seconds; the sandbox reports at once so tests can `await world.idle()`.
  for (const status of ['sent', 'delivered'] as const) {
    sms.status = status;
    if (sms.statusCallback) sendStatus(world, sms, status);
  }
}

function sendStatus(world: SandboxWorld, sms: ReceivedSms, status: string): void {
  const { accountSid, authToken } = world.apps.twilio;
  const params: Record<string, string> = {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    From: sms.from,
    MessageSid: sms.sid,
    MessageStatus: status,
    SmsSid: sms.sid,
    SmsStatus: status,
    To: sms.to,
  };
  if (sms.messagingServiceSid) params['MessagingServiceSid'] = sms.messagingServiceSid;
  const url = sms.statusCallback!;
  world.deliver('twilio-status', url, signedForm(authToken, url, params));
}

/** GET Messages/{Sid}.json */
export function getMessage(world: SandboxWorld, sid: string, res: Response): void {
  const sms = world.received.sms.find((m) => m.sid === sid);
  if (!sms) return notFound(world, res, `Messages/${sid}`);
  res.json(messageResource(world.apps.twilio.accountSid, sms));
}

export function notFound(world: SandboxWorld, res: Response, resource: string): void {
  sendTwilioError(
    res,
    404,
    TWILIO_ERRORS.notFound,
    `The requested resource /2010-04-01/Accounts/${world.apps.twilio.accountSid}/${resource}.json was not found`,
  );
}
