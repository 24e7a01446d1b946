import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../log.js';

/** An error whose message is safe to show the user, with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404);
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({ error: 'not_found' });
    return;
  }
  res.render('error', { heading: 'Page not found', message: 'There is nothing at this address.' });
};

/**
 * The last middleware: a friendly page (or JSON) with the request id; the stack trace goes to the log only.
 * Express 5 routes rejected promises here, so handlers need no try/catch of their own.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = statusOf(error);
    const requestId = typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : '';
    if (status >= 500) log.error({ err: error, requestId }, 'request failed');
    if (res.headersSent) return;
    res.status(status);
    const message =
      error instanceof HttpError || status < 500
        ? publicMessage(error, status)
        : 'Something went wrong on our side. Please try again in a moment.';
    if (req.accepts(['html', 'json']) === 'json' || !req.accepts('html')) {
      res.json({ error: message, requestId });
      return;
    }
    res.render('error', {
      heading: status >= 500 ? 'Something went wrong' : 'That did not work',
      message,
      requestId,
    });
  };
}

function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  const e = error as { status?: unknown; statusCode?: unknown } | null;
  const candidate = e?.status ?? e?.statusCode;
  return typeof candidate === 'number' && candidate >= 400 && candidate < 600 ? candidate : 500;
}

function publicMessage(error: unknown, status: number): string {
  if (error instanceof HttpError) return error.message;
  if (status === 413) return 'That request is too large.';
  if (status === 403) return 'This form has expired. Please go back, reload the page and try again.';
  if (status === 400) return 'That request was malformed.';
  return 'That request could not be handled.';
}
