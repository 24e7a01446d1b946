import type { Request, Response } from 'express';
import * as z from 'zod';
import { BooksError } from '../books/books-error.js';

/** A control action failed on bad input: 400 (or 404/409 for books errors) as JSON. */
const STATUS: Record<BooksError['code'], number> = {
  not_found: 404,
  invalid_state: 409,
  invalid_amount: 400,
  invalid_input: 400,
};

function isForm(req: Request): boolean {
  return req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Runs a control action. JSON callers get the result as JSON; the control page's forms get a 303 back to the
 * page (Post/Redirect/Get), so a refresh never repeats the action. Errors never leak a stack trace.
 */
export function act<T>(action: (req: Request) => T) {
  return (req: Request, res: Response): void => {
    try {
      const result = action(req);
      if (isForm(req)) res.redirect(303, '/sandbox');
      else res.json(result ?? { ok: true });
    } catch (error) {
      const [status, body] = describe(error);
      if (isForm(req)) {
        res
          .status(status)
          .type('html')
          .send(`<!doctype html><p>${escapeHtml(body.message)}</p><p><a href="/sandbox">Back</a></p>`);
      } else res.status(status).json({ error: body });
    }
  };
}

function describe(error: unknown): [number, { code: string; message: string; issues?: unknown }] {
  if (error instanceof z.ZodError) {
    return [400, { code: 'invalid_input', message: z.prettifyError(error), issues: error.issues }];
  }
  if (error instanceof BooksError) return [STATUS[error.code], { code: error.code, message: error.message }];
  return [500, { code: 'internal', message: error instanceof Error ? error.message : String(error) }];
}
