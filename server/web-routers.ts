import type { AppDeps } from './app.js';
import type { Runtime } from './runtime.js';

/** The provider routers (OAuth, webhooks) and feature pages for the configured providers. */
export function webRouters(
  _runtime: Runtime,
): Pick<AppDeps, 'webhookRouters' | 'pageRouters' | 'connectButtons'> {
  return { webhookRouters: [], pageRouters: [], connectButtons: [] };
}
