import { createHmac } from 'node:crypto';

/**
 * `X-Twilio-Signature`: base64 HMAC-SHA1, keyed by the auth token, of the full URL followed by every POST
 * parameter as name+value, sorted by name (twilio.com/docs/usage/security#validating-requests).
 */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** The form body and headers of a signed callback, ready for `world.deliver`. */
export function signedForm(
  authToken: string,
  url: string,
  params: Record<string, string>,
): { headers: Record<string, string>; body: string } {
  return {
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'TwilioProxy/1.1',
      'x-twilio-signature': signTwilioRequest(authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  };
}
