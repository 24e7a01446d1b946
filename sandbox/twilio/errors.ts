import type { Response } from 'express';

/** Twilio's REST error body: `{ code, message, more_info, status }`. */
export function sendTwilioError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

export const TWILIO_ERRORS = {
  invalidTo: 21211,
  notMobile: 21614,
  unsubscribed: 21610,
  authenticate: 20003,
  notFound: 20404,
  tooManyRequests: 20429,
  internal: 20500,
  missingBody: 21602,
  missingFrom: 21603,
  missingTo: 21604,
  missingUrl: 21205,
} as const;
