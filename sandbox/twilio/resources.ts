import type { ReceivedCall, ReceivedSms } from '../world.js';

/** Twilio's dates are RFC 2822 in UTC: "Thu, 03 Dec 2026 17:07:17 +0000". */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

const API_VERSION = '2010-04-01';

/** The Message resource as the 2010-04-01 API renders it. */
export function messageResource(
  accountSid: string,
  sms: ReceivedSms,
  updatedAt = sms.at,
): Record<string, unknown> {
  const uri = `/${API_VERSION}/Accounts/${accountSid}/Messages/${sms.sid}.json`;
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    body: sms.body,
    date_created: rfc2822(sms.at),
    date_sent: sms.status === 'queued' ? null : rfc2822(sms.at),
    date_updated: rfc2822(updatedAt),
    direction: sms.direction,
    error_code: null,
    error_message: null,
    from: sms.from,
    messaging_service_sid: sms.messagingServiceSid,
    num_media: '0',
    num_segments: String(sms.numSegments),
    price: null,
    price_unit: 'USD',
    sid: sms.sid,
    status: sms.status,
    subresource_uris: { media: uri.replace('.json', '/Media.json') },
    to: sms.to,
    uri,
  };
}

/** The Call resource as the 2010-04-01 API renders it. */
export function callResource(accountSid: string, call: ReceivedCall): Record<string, unknown> {
  const uri = `/${API_VERSION}/Accounts/${accountSid}/Calls/${call.sid}.json`;
  const answered = call.status === 'in-progress' || (call.status === 'completed' && call.duration > 0);
  return {
    account_sid: accountSid,
    annotation: null,
    answered_by: call.answeredBy,
    api_version: API_VERSION,
    caller_name: null,
    date_created: rfc2822(call.at),
    date_updated: rfc2822(call.at),
    direction: 'outbound-api',
    duration: call.status === 'completed' ? String(call.duration) : null,
    end_time: call.status === 'completed' ? rfc2822(call.at + call.duration * 1000) : null,
    forwarded_from: null,
    from: call.from,
    from_formatted: call.from,
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: 'USD',
    queue_time: '0',
    sid: call.sid,
    start_time: answered ? rfc2822(call.at) : null,
    status: call.status,
    subresource_uris: {
      notifications: uri.replace('.json', '/Notifications.json'),
      recordings: uri.replace('.json', '/Recordings.json'),
    },
    to: call.to,
    to_formatted: call.to,
    trunk_sid: null,
    uri,
  };
}
