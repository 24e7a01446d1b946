import { Router } from 'express';
import type { Db } from '../db/connect.js';
import { requireUser } from '../http/require-user.js';

export interface ConnectButton {
  provider: 'quickbooks' | 'xero';
  label: string;
  href: string;
}

const PROVIDER_LABEL = { quickbooks: 'QuickBooks Online', xero: 'Xero' } as const;
const STATUS_LABEL = {
  active: 'Connected',
  needs_reconnect: 'Needs reconnect',
  disconnected: 'Disconnected',
} as const;

/** The signed-in home: the workspace's organisations and the Connect buttons. */
export function homeRoutes(deps: { db: Db; connectButtons: ConnectButton[] }): Router {
  const router = Router();
  router.get('/', requireUser, async (req, res) => {
    const workspaceId = req.session.workspaceId!;
    const workspace = await deps.db
      .selectFrom('workspace')
      .select(['id', 'name', 'kind'])
      .where('id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    const organisations = await deps.db
      .selectFrom('organisation')
      .select(['id', 'name', 'provider', 'status', 'last_sync_at'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .execute();
    res.render('home', {
      workspace,
      organisations: organisations.map((o) => ({
        id: o.id,
        name: o.name,
        status: o.status,
        statusLabel: STATUS_LABEL[o.status],
        providerLabel: PROVIDER_LABEL[o.provider],
        lastSync: o.last_sync_at
          ? `${o.last_sync_at.toISOString().replace('T', ' ').slice(0, 16)} UTC`
          : null,
      })),
      connectButtons: deps.connectButtons,
    });
  });
  return router;
}
