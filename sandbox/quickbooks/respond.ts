import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { toQboJson } from './money.js';
import { pacificMillis } from './time.js';

/** Sends a QBO JSON body (amounts unwrapped to numbers) with the `intuit_tid` header clients log. */
export function sendQbo(res: Response, status: number, body: object): void {
  res
    .status(status)
    .set('intuit_tid', randomUUID())
    .type('application/json;charset=UTF-8')
    .send(toQboJson(body));
}

/** Adds the `time` stamp every QBO response carries. */
export function withTime<T extends object>(body: T, now: number): T & { time: string } {
  return { ...body, time: pacificMillis(now) };
}
