import { Router } from 'express';
import * as z from 'zod';
import { approveTouchpoint, skipTouchpoint } from '../../cadence/run/index.js';
import { channelDb, recordCallTaskOutcome, type CallTaskResult } from '../../cadence/channels/index.js';
import { HttpError } from '../http/errors.js';
import { requireUser } from '../http/require-user.js';
import { isUuid, loadOrganisation } from '../pages/organisation-access.js';
import { organisationPage } from '../pages/organisation.js';
import type { PageDeps } from './page-deps.js';

const OutcomeForm = z.object({
  outcome: z.enum(['reached', 'promise_to_pay', 'dispute', 'wrong_number', 'no_answer']),
  promiseDate: z.string().max(10).optional().default(''),
  note: z.string().max(2000).optional().default(''),
});

/** The organisation dashboard: overdue invoices, recent touchpoints, approvals queue and call tasks. */
export function organisationRoutes(deps: PageDeps): Router {
  const router = Router();

  router.get('/orgs/:orgId', requireUser, async (req, res) => {
    const org = await loadOrganisation(deps.db, req.session.workspaceId, req.params['orgId']);
    const page = pageNumber(req.query['page']);
    res.render('organisation', { org, ...(await organisationPage(deps.db, org, deps.now(), page)) });
  });

  router.post('/orgs/:orgId/touchpoints/:touchpointId/:decision', requireUser, async (req, res) => {
    const org = await loadOrganisation(deps.db, req.session.workspaceId, req.params['orgId']);
    const touchpointId = await ownTouchpoint(deps, org.id, req.params['touchpointId']);
    const decision = req.params['decision'];
    if (decision !== 'approve' && decision !== 'skip') throw new HttpError(404, 'No such action.');
    const result =
      decision === 'approve'
        ? await approveTouchpoint(deps.db, touchpointId, req.session.userId!, undefined, deps.now())
        : await skipTouchpoint(deps.db, touchpointId, req.session.userId!, deps.now());
    req.session.flash = result.ok
      ? decision === 'approve'
        ? 'flash.approved'
        : 'flash.skipped'
      : result.reason === 'invalid_edits'
        ? 'flash.invalidEdits'
        : 'flash.alreadyHandled';
    if (!result.ok && result.reason === 'invalid_edits') req.session.flashVars = { detail: result.message };
    res.redirect(303, `/orgs/${org.id}#approvals`);
  });

  router.post('/orgs/:orgId/call-tasks/:taskId', requireUser, async (req, res) => {
    const org = await loadOrganisation(deps.db, req.session.workspaceId, req.params['orgId']);
    const taskId = req.params['taskId'];
    const task = isUuid(taskId) ? await callTaskOf(deps, org.id, taskId) : null;
    if (!task) throw new HttpError(404, 'No such call task.');
    const form = OutcomeForm.safeParse(req.body);
    if (!form.success) throw new HttpError(400, 'Choose an outcome.');
    const { outcome, promiseDate, note } = form.data;
    const result: CallTaskResult =
      outcome === 'promise_to_pay'
        ? { outcome, promiseDate, note: note || null }
        : { outcome, note: note || null };
    const recorded = await recordCallTaskOutcome(deps.db, task, result, req.session.userId!, deps.now());
    req.session.flash = recorded.ok
      ? 'flash.callRecorded'
      : recorded.reason === 'invalid_promise_date'
        ? 'flash.promiseDate'
        : 'flash.callAlreadyDone';
    res.redirect(303, `/orgs/${org.id}#calls`);
  });

  return router;
}

function pageNumber(raw: unknown): number {
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, n);
}

async function ownTouchpoint(deps: PageDeps, organisationId: string, raw: unknown) {
  const found = isUuid(raw)
    ? await deps.db
        .selectFrom('touchpoint')
        .select('id')
        .where('id', '=', raw)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst()
    : undefined;
  if (!found) throw new HttpError(404, 'No such message in this organisation.');
  return found.id;
}

async function callTaskOf(deps: PageDeps, organisationId: string, taskId: string): Promise<string | null> {
  const row = await channelDb(deps.db)
    .selectFrom('call_task')
    .select('id')
    .where('id', '=', taskId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.id ?? null;
}
