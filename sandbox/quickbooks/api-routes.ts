import express, { type Request, type Response, type Router } from 'express';
import { companyOf, guardRealm } from './api-guard.js';
import { runCdc } from './cdc.js';
import { entityByName } from './entities.js';
import { faults, sendFault } from './faults.js';
import { runQuery } from './query-run.js';
import { sendQbo, withTime } from './respond.js';
import { privateNoteLookup, type QboState } from './state.js';
import { createAttachable, updateInvoice, type WriteReply } from './writes.js';

/**
 * The Accounting API, mounted at `/quickbooks/v3/company/:realmId`:
 *   GET|POST query            GET cdc
 *   GET invoice|payment|customer|creditmemo/:id
 *   GET companyinfo/:realmId  GET preferences
 *   POST invoice (sparse or full update, SyncToken checked)      POST attachable (Note)
 * Writes honour `requestid`: a repeat gets the first reply.
 */
export function createApiRouter(state: QboState): Router {
  const router = express.Router({ mergeParams: true });
  const now = () => state.world.now();
  router.use(guardRealm(state));
  router.use(express.json({ limit: '5mb' }));
  router.use(express.text({ type: ['application/text', 'text/plain', 'application/sql'], limit: '1mb' }));

  const query = (req: Request, res: Response): void => {
    const statement =
      typeof req.query.query === 'string'
        ? req.query.query
        : typeof req.body === 'string'
          ? req.body
          : typeof (req.body as { query?: unknown } | undefined)?.query === 'string'
            ? (req.body as { query: string }).query
            : '';
    const company = companyOf(res);
    const outcome = runQuery(company, statement, privateNoteLookup(state, company.id));
    if (!outcome.ok) sendFault(res, now(), outcome.error);
    else sendQbo(res, 200, withTime(outcome.body, now()));
  };
  router.get('/query', query);
  router.post('/query', express.urlencoded({ extended: false }), query);

  router.get('/cdc', (req, res) => {
    const company = companyOf(res);
    const outcome = runCdc(
      company,
      {
        entities: typeof req.query.entities === 'string' ? req.query.entities : '',
        changedSince: typeof req.query.changedSince === 'string' ? req.query.changedSince : '',
        now: now(),
      },
      privateNoteLookup(state, company.id),
    );
    if (!outcome.ok) sendFault(res, now(), outcome.error);
    else sendQbo(res, 200, withTime(outcome.body, now()));
  });

  router.get('/preferences', (_req, res) => readOne(state, res, 'preferences', companyOf(res).id));
  router.get('/:entity/:id', (req, res) =>
    readOne(state, res, String(req.params.entity), String(req.params.id)),
  );

  router.post('/invoice', (req, res) => {
    const operation = typeof req.query.operation === 'string' ? req.query.operation : 'update';
    if (operation !== 'update') {
      sendFault(res, now(), faults.unsupportedOperation(`invoice?operation=${operation}`));
      return;
    }
    write(state, req, res, () => updateInvoice(state, companyOf(res), bodyObject(req)));
  });
  router.post('/attachable', (req, res) => {
    write(state, req, res, (requestId) =>
      createAttachable(state, companyOf(res), bodyObject(req), requestId),
    );
  });

  router.all('/{*rest}', (req, res) => {
    sendFault(res, now(), faults.unsupportedOperation(`Could not find resource for relative : ${req.path}`));
  });
  // Malformed JSON and other body errors get QBO's validation fault, never a stack trace.
  router.use((error: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    const detail = error instanceof Error ? error.message : 'Unrecognized request body';
    sendFault(res, now(), faults.invalidProperty(detail));
  });
  return router;
}

const READABLE = new Set(['Invoice', 'Payment', 'Customer', 'CreditMemo', 'CompanyInfo', 'Preferences']);

function readOne(state: QboState, res: Response, entityName: string, id: string): void {
  const now = state.world.now();
  const company = companyOf(res);
  const entity = entityByName(entityName);
  if (!entity || !READABLE.has(entity.name)) {
    sendFault(
      res,
      now,
      faults.unsupportedOperation(`Could not find resource for relative : /${entityName}/${id}`),
    );
    return;
  }
  const record = entity.byId(company, id);
  if (record === undefined || entity.isDeleted(record)) {
    sendFault(res, now, faults.notFound());
    return;
  }
  const body = { [entity.name]: entity.render(company, record, privateNoteLookup(state, company.id)) };
  sendQbo(res, 200, withTime(body, now));
}

function bodyObject(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** Runs a write once per `requestid` (QBO's idempotency key); a repeat gets the first successful reply. */
function write(
  state: QboState,
  req: Request,
  res: Response,
  run: (requestId: string | null) => WriteReply,
): void {
  const now = state.world.now();
  const requestId =
    typeof req.query.requestid === 'string' && req.query.requestid ? req.query.requestid : null;
  const key = requestId ? `${companyOf(res).id}/${requestId}` : null;
  const stored = key ? state.replies.get(key) : undefined;
  if (stored) {
    sendQbo(res, stored.status, stored.body);
    return;
  }
  const reply = run(requestId);
  if ('error' in reply) {
    // Only successes are remembered, so a client may fix a rejected write and retry it under the same key.
    sendFault(res, now, reply.error);
    return;
  }
  const body = withTime(reply.body, now);
  if (key) state.replies.set(key, { status: reply.status, body });
  sendQbo(res, reply.status, body);
}
