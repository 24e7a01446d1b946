import { Router } from 'express';
import { requireUser } from '../http/require-user.js';
import { isLocale } from '../i18n/index.js';
import type { PageDeps } from './page-deps.js';

/** The workspace's members, and the language picker (kept in the session and on the user). */
export function workspaceRoutes(deps: PageDeps): Router {
  const router = Router();

  router.get('/team', requireUser, async (req, res) => {
    const members = await deps.db
      .selectFrom('membership as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select(['u.email', 'u.name', 'm.role'])
      .where('m.workspace_id', '=', req.session.workspaceId!)
      .orderBy('m.role')
      .orderBy('u.email')
      .execute();
    res.render('team', { members });
  });

  router.post('/locale', async (req, res) => {
    const locale = (req.body as Record<string, unknown> | undefined)?.['locale'];
    if (isLocale(locale)) {
      req.session.locale = locale;
      if (req.session.userId)
        await deps.db.updateTable('app_user').set({ locale }).where('id', '=', req.session.userId).execute();
    }
    const referer = req.get('referer');
    const back =
      referer && referer.startsWith(deps.config.appUrl) ? referer.slice(deps.config.appUrl.length) : '/';
    res.redirect(303, back.startsWith('/') && !back.startsWith('//') ? back : '/');
  });

  return router;
}
