import { Router } from 'express';
import { syncOrganisationNow } from '../../connectors/sync-all.js';
import { isLocale, t } from '../i18n/index.js';
import { latestSyncRuns, listWorkspaceOrganisations, recentSyncRuns } from '../db/portfolio.js';
import { requireUser } from '../http/require-user.js';
import { grantEndsAt, tokenHealth } from '../../connectors/quickbooks/token-health.js';
import { localDateTime, localToday } from '../pages/calendar.js';
import { loadOrganisation } from '../pages/organisation-access.js';
import { syncHistoryRow, syncView } from '../pages/sync-view.js';
import type { ConnectButton } from './home.js';
import type { PageDeps } from './page-deps.js';

/** Sync runs listed on an organisation's sync page. */
const SYNC_HISTORY = 10;

/**
 * Connections: status, reconnect, disconnect (a confirmation page; the POST itself belongs to the connector
 * routes), and "sync now" with its progress (`/orgs/:id/sync` page, `/orgs/:id/sync.json` for the progress bar).
 */
export function connectionRoutes(deps: PageDeps, connectButtons: ConnectButton[]): Router {
  const router = Router();

  router.get('/connections', requireUser, async (req, res) => {
    const organisations = await listWorkspaceOrganisations(deps.db, req.session.workspaceId!);
    const ids = organisations.map((o) => o.id);
    const [runs, grants] = await Promise.all([latestSyncRuns(deps.db, ids), grantExpiries(deps.db, ids)]);
    res.render('connections', {
      connectButtons,
      organisations: organisations.map((o) => {
        const run = runs.find((r) => r.organisation_id === o.id);
        const grant = grants.find((g) => g.organisation_id === o.id);
        const health = grant ? tokenHealth(grant, deps.now()) : 'ok';
        const endsAt = grant ? grantEndsAt(grant) : null;
        return {
          ...o,
          lastSync: localDateTime(o.last_sync_at, o.time_zone),
          sync: run ? syncView(run) : null,
          // Intuit's grants die of old age (100 days unused, 5 years at most): say so a month ahead.
          grant: health === 'ok' || !endsAt ? null : { health, until: localToday(endsAt, o.time_zone) },
        };
      }),
    });
  });

  router.get('/orgs/:orgId/disconnect', requireUser, async (req, res) => {
    const org = await loadOrganisation(deps.db, req.session.workspaceId, req.params['orgId']);
    // A Xero login can serve several organisations: offer to revoke it for all of them at once.
    const sameGrant = await deps.db
      .selectFrom('organisation as o')
      .innerJoin('organisation as mine', 'mine.connection_id', 'o.connection_id')
      .select('o.name')
      .where('mine.id', '=', org.id)
      .where('o.id', '<>', org.id)
      .where('o.status', '<>', 'disconnected')
      .orderBy('o.name')
      .execute();
    res.render('disconnect', { org, sameGrant: sameGrant.map((o) => o.name).join(', ') });
  });

  router.post('/orgs/:orgId/sync', requireUser, async (req, res) => {
    const org = await loadOrganisation(deps.db, req.session.workspaceId, req.params['orgId']);
    // The sync runs in the background; the page polls its progress. Its result is in sync_run either way.
    syncOrganisationNow(deps, deps.connectors, org.id, { kind: 'auto', now: deps.now() }).then(
      (result) => {
        if (result.status === 'failed') deps.log.warn({ organisationId: org.id, result }, 'sync now failed');
      },
      (error: unknown) => deps.log.error({ err: error, organisationId: org.id }, 'sync now crashed'),
    );
    res.redirect(303, `/orgs/${org.id}/sync`);
  });

  router.get('/orgs/:orgId/sync', requireUser, async (req, res) => {
    const org = await loadOrganisation(deps.db, req.session.workspaceId, req.params['orgId']);
    const history = await recentSyncRuns(deps.db, org.id, SYNC_HISTORY);
    const [latest] = history;
    res.render('sync', {
      org,
      sync: latest ? syncView(latest) : null,
      history: history.map((r) => syncHistoryRow(r, org.time_zone)),
    });
  });

  router.get('/orgs/:orgId/sync.json', requireUser, async (req, res) => {
    const org = await loadOrganisation(deps.db, req.session.workspaceId, req.params['orgId']);
    const [run] = await latestSyncRuns(deps.db, [org.id]);
    const sync = run ? syncView(run) : null;
    // The progress script shows `label` as is: the words come from the page's language, like the rest of the page.
    const locale = isLocale(res.locals['locale']) ? res.locals['locale'] : 'en';
    const label = sync
      ? `${t(locale, `sync.${sync.status}`)} · ${t(locale, 'sync.records', { n: sync.records })}`
      : null;
    res.json({ organisationId: org.id, sync: sync && { ...sync, label } });
  });

  return router;
}

/** When each organisation's grant stops refreshing, as far as the provider told us. */
function grantExpiries(db: PageDeps['db'], organisationIds: string[]) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organisation as o')
    .innerJoin('connection as c', 'c.id', 'o.connection_id')
    .select(['o.id as organisation_id', 'c.refresh_token_expires_at', 'c.refresh_token_hard_expires_at'])
    .where('o.id', 'in', organisationIds)
    .execute();
}
