import { createRequire } from 'node:module';
import { Issuer } from 'openid-client';
import { XeroClient } from 'xero-node';
import type { RunningSandbox } from './server.js';
import { XERO_APP } from './world.js';

export const REDIRECT_URI = 'http://localhost:5173/connect/xero/callback';
export const SCOPES = [
  'openid',
  'profile',
  'email',
  'offline_access',
  'accounting.invoices',
  'accounting.payments.read',
  'accounting.contacts.read',
  'accounting.settings.read',
];

/**
 * The real xero-node client pointed at the sandbox the way Dunwise's connector does it: openid-client
 * discovery against our issuer assigned to `openIdClient`, and `accountingApi.basePath` set to our API.
 */
export async function sandboxXeroClient(
  sandbox: RunningSandbox,
  config: { scopes?: string[]; state?: string } = {},
): Promise<XeroClient> {
  const xero = new XeroClient({
    clientId: XERO_APP.clientId,
    clientSecret: XERO_APP.clientSecret,
    redirectUris: [REDIRECT_URI],
    scopes: config.scopes ?? SCOPES,
    state: config.state ?? 'state-123',
  });
  const issuer = await Issuer.discover(sandbox.issuer);
  xero.openIdClient = new issuer.Client({
    client_id: XERO_APP.clientId,
    client_secret: XERO_APP.clientSecret,
    redirect_uris: [REDIRECT_URI],
  });
  xero.accountingApi.basePath = sandbox.accountingBase;
  return xero;
}

/**
 * `updateTenants`, `refreshWithRefreshToken` and `disconnect` hard-code identity.xero.com and api.xero.com.
 * To drive those exact SDK methods, rewrite their URLs on the axios instance xero-node itself loads (the
 * CommonJS build: an ESM `import axios` would be a different instance). Returns the undo function.
 */
export function routeXeroHostsTo(sandbox: RunningSandbox): () => void {
  const axios = createRequire(import.meta.url)('axios') as {
    interceptors: { request: { use(f: (c: { url?: string }) => unknown): number; eject(id: number): void } };
  };
  const id = axios.interceptors.request.use((request) => {
    if (request.url?.startsWith('https://identity.xero.com'))
      request.url = request.url.replace('https://identity.xero.com', sandbox.issuer);
    if (request.url?.startsWith('https://api.xero.com/api.xro/2.0'))
      request.url = request.url.replace('https://api.xero.com/api.xro/2.0', sandbox.accountingBase);
    else if (request.url?.startsWith('https://api.xero.com'))
      request.url = request.url.replace('https://api.xero.com', sandbox.apiBase);
    return request;
  });
  return () => axios.interceptors.request.eject(id);
}

/**
 * Plays the user on the consent page: loads it, ticks `tenantIds`, submits, and returns the redirect back to
 * the app (what the browser would follow).
 */
export async function consent(consentUrl: string, tenantIds: string[], decision = 'allow'): Promise<string> {
  const page = await fetch(consentUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
  const form = new URLSearchParams(new URL(consentUrl).search);
  for (const id of tenantIds) form.append('tenant', id);
  form.set('decision', decision);
  const action = new URL(consentUrl);
  action.search = '';
  const response = await fetch(action, { method: 'POST', body: form, redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`consent answered ${response.status}`);
  return location;
}

/** Full connect: consent URL → consent → apiCallback. */
export async function connect(xero: XeroClient, tenantIds: string[]): Promise<void> {
  const url = await xero.buildConsentUrl();
  await xero.apiCallback(await consent(url, tenantIds));
}
