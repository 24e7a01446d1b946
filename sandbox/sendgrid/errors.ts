import type { Response } from 'express';

/** One entry of SendGrid's `errors[]`; `field` names the offending JSON path (e.g. 'personalizations.0.to.0.email'). */
export interface SendGridError {
  message: string;
  field: string | null;
  help: string | null;
}

const HELP = 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html';

export function fieldError(field: string | null, message: string, anchor?: string): SendGridError {
  return { message, field, help: anchor ? `${HELP}#${anchor}` : null };
}

export function sendErrors(res: Response, status: number, errors: SendGridError[]): void {
  res.status(status).json({ errors });
}

export const MESSAGES = {
  authRequired: 'authorization required',
  badKey: 'The provided authorization grant is invalid, expired, or revoked',
  unverifiedSender:
    'The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved. ' +
    'Visit https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity requirements',
  tooManyRequests: 'too many requests',
} as const;
