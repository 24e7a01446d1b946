import type { ReceivedSms, SandboxWorld } from '../world.js';
import { newSid, optOutKey } from './messages.js';
import { SANDBOX_TWILIO_FROM, countSegments } from './numbers.js';
import { signedForm } from './signature.js';

// Twilio's default opt-out keywords (support.twilio.com "Twilio support for opt-out keywords").
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const START_WORDS = new Set(['START', 'YES', 'UNSTOP']);
const HELP_WORDS = new Set(['HELP', 'INFO']);

export interface InboundReply {
  /** The customer's number that replies. */
  from: string;
  /**
   * The Dunwise number it replies to; defaults to the last sender that texted `from`, else the sandbox's own
   * number.
   */
  to?: string | undefined;
  body: string;
}

/**
 * Makes a number text the app, as a customer replying would: Twilio applies STOP/START to its own opt-out list
 * (so later sends get 21610 until START) and posts the message, signed, to the app's inbound SMS webhook with
 * `OptOutType` set for keywords.
 */
export function receiveReply(world: SandboxWorld, reply: InboundReply): ReceivedSms {
  const lastSent = world.received.sms.findLast((m) => m.direction === 'outbound-api' && m.to === reply.from);
  const to = reply.to ?? (lastSent?.from || SANDBOX_TWILIO_FROM);
  const sender = lastSent?.messagingServiceSid && !reply.to ? lastSent.messagingServiceSid : to;
  const keyword = reply.body.trim().toUpperCase();
  let optOutType: string | null = null;
  if (STOP_WORDS.has(keyword)) {
    world.twilio.optOuts.add(optOutKey(reply.from, sender));
    world.twilio.optOuts.add(optOutKey(reply.from, to));
    optOutType = 'STOP';
  } else if (START_WORDS.has(keyword)) {
    world.twilio.optOuts.delete(optOutKey(reply.from, sender));
    world.twilio.optOuts.delete(optOutKey(reply.from, to));
    optOutType = 'START';
  } else if (HELP_WORDS.has(keyword)) optOutType = 'HELP';
  const sms: ReceivedSms = {
    sid: newSid('SM'),
    at: world.now(),
    from: reply.from,
    to,
    body: reply.body,
    statusCallback: null,
    status: 'received',
    direction: 'inbound',
    messagingServiceSid: lastSent?.messagingServiceSid ?? null,
    numSegments: countSegments(reply.body),
  };
  world.received.sms.push(sms);
  const url = world.apps.twilio.inboundSmsUrl;
  if (url) {
    const { accountSid, authToken } = world.apps.twilio;
    const params: Record<string, string> = {
      AccountSid: accountSid,
      ApiVersion: '2010-04-01',
      Body: reply.body,
      From: reply.from,
      MessageSid: sms.sid,
      NumMedia: '0',
      NumSegments: String(sms.numSegments),
      SmsMessageSid: sms.sid,
      SmsSid: sms.sid,
      SmsStatus: 'received',
      To: to,
    };
    if (sms.messagingServiceSid) params['MessagingServiceSid'] = sms.messagingServiceSid;
    if (optOutType) params['OptOutType'] = optOutType;
    world.deliver('twilio-inbound', url, signedForm(authToken, url, params));
  }
  return sms;
}
