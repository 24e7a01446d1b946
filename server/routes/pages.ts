import type { Router } from 'express';
import { connectionRoutes } from './connections.js';
import { customerRoutes } from './customers.js';
import type { ConnectButton } from './home.js';
import { invoiceRoutes } from './invoice.js';
import { organisationRoutes } from './organisation.js';
import type { PageDeps } from './page-deps.js';
import { settingsRoutes } from './settings.js';
import { workspaceRoutes } from './workspace.js';

/** Every signed-in page router, in one list for createApp's `pageRouters`. */
export function pageRouters(deps: PageDeps, connectButtons: ConnectButton[]): Router[] {
  return [
    organisationRoutes(deps),
    invoiceRoutes(deps),
    settingsRoutes(deps),
    customerRoutes(deps),
    connectionRoutes(deps, connectButtons),
    workspaceRoutes(deps),
  ];
}
