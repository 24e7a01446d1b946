import { SandboxWorld } from '../../world.js';
import type { Company } from '../../books/types.js';

export const XERO_APP = {
  clientId: 'XEROSANDBOXCLIENTID0000000000001',
  clientSecret: 'xero-sandbox-client-secret-for-tests-only',
  webhookKey: 'test-webhook-key-not-real',
};

/**
 * A sandbox world for tests. Its clock is the real one (plus what a test advances): openid-client inside
 * xero-node checks id_token iat/exp against the real clock, so a frozen sandbox clock would make consent
 * fail once real time moved past it. Pass `start` for tests that never validate an id_token.
 */
export function testWorld(companies: Company[], start?: number): SandboxWorld {
  const world = new SandboxWorld(
    {
      quickbooks: { clientId: 'qb', clientSecret: 'qb', webhookVerifier: 'qb', webhookUrl: null },
      xero: { ...XERO_APP, webhookUrl: null },
      sendgrid: { apiKey: 'sg', webhookPublicKey: '', webhookPrivateKey: '', webhookUrl: null },
      twilio: { accountSid: 'AC0', authToken: 'tw', inboundSmsUrl: null },
    },
    start === undefined ? Date.now : () => start,
  );
  for (const company of companies) world.addCompany(company);
  return world;
}
