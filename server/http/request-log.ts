import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What a request log line keeps: its id, method and path. Not the query string — OAuth callbacks carry the
 * authorization code and state there, and searches carry customer names — and not the headers (cookies,
 * signatures, the browser's whole fingerprint), which made every page view a screenful in `npm start`.
 */
export function requestLogFields(req: IncomingMessage & { id?: unknown }) {
  return {
    id: req.id,
    method: req.method,
    path: (req.url ?? '').split('?', 1)[0],
  };
}

export function responseLogFields(res: ServerResponse) {
  return { statusCode: res.statusCode };
}
