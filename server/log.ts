import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths whose values never reach the logs: credentials, tokens, cookies, passwords. */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'accessToken',
  'refreshToken',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.headers["intuit-signature"]',
  'req.headers["x-xero-signature"]',
  'req.headers["x-twilio-signature"]',
];

export function createLogger(options: { level: string; name?: string }): Logger {
  return pino({
    name: options.name ?? 'dunwise',
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  });
}
