import { Router } from 'express';
import type { Db } from '../db/connect.js';
import { requireUser } from '../http/require-user.js';
import { portfolioPage } from '../pages/portfolio.js';

export interface ConnectButton {
  provider: 'quickbooks' | 'xero';
  /** A message key ('connect.xero'), shown in the page's language. */
  label: string;
  href: string;
}

/**
 * The signed-in home: an accountant's portfolio of organisations. A business with exactly one organisation lands
 * straight on it (`?all=1` still shows the list).
 */
export function homeRoutes(deps: { db: Db; connectButtons: ConnectButton[]; now?: () => Date }): Router {
  const now = deps.now ?? (() => new Date());
  const router = Router();
  router.get('/', requireUser, async (req, res) => {
    const workspaceId = req.session.workspaceId!;
    const workspace = await deps.db
      .selectFrom('workspace')
      .select(['id', 'name', 'kind'])
      .where('id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    const organisations = await portfolioPage(deps.db, workspaceId, now());
    const only = organisations.length === 1 ? organisations[0] : undefined;
    if (workspace.kind === 'business' && only && req.query['all'] === undefined) {
      res.redirect(303, `/orgs/${only.id}`);
      return;
    }
    res.render('home', { workspace, organisations, connectButtons: deps.connectButtons });
  });
  return router;
}
