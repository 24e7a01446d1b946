import * as z from 'zod';

/**
 * The whole configuration, read from the environment once at startup (server/main.ts and friends). Nothing
 * else reads `process.env`: modules receive the values they need. Every variable is documented in .env.example.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const optionalUrl = optionalString.pipe(z.url({ protocol: /^https?$/ }).optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  // Set by `npm start` when it runs the sandbox in-process: the providers are local stand-ins, the demo user exists.
  DEMO: z.stringbool().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  APP_URL: optionalUrl,
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Number of proxies in front of the app (Heroku/Render: 1), so req.secure and client IPs are right (B30).
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  SESSION_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  ENCRYPTION_KEY: optionalString.pipe(
    z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 random bytes, base64-encoded')
      .optional(),
  ),

  QUICKBOOKS_CLIENT_ID: optionalString,
  QUICKBOOKS_CLIENT_SECRET: optionalString,
  QUICKBOOKS_ENVIRONMENT: z.enum(['sandbox', 'production']).default('sandbox'),
  QUICKBOOKS_WEBHOOK_VERIFIER: optionalString,
  QUICKBOOKS_API_URL: optionalUrl,
  INTUIT_AUTHORIZE_URL: optionalUrl,
  INTUIT_TOKEN_URL: optionalUrl,
  INTUIT_REVOKE_URL: optionalUrl,
  INTUIT_USERINFO_URL: optionalUrl,
  INTUIT_JWKS_URL: optionalUrl,

  XERO_CLIENT_ID: optionalString,
  XERO_CLIENT_SECRET: optionalString,
  XERO_WEBHOOK_KEY: optionalString,
  XERO_IDENTITY_URL: optionalUrl,
  XERO_API_URL: optionalUrl,

  SENDGRID_API_KEY: optionalString,
  SENDGRID_WEBHOOK_PUBLIC_KEY: optionalString,
  SENDGRID_API_URL: optionalUrl,

  TWILIO_ACCOUNT_SID: optionalString.pipe(z.string().startsWith('AC', 'must start with AC').optional()),
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_FROM_NUMBER: optionalString.pipe(
    z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +14155550100')
      .optional(),
  ),
  TWILIO_MESSAGING_SERVICE_SID: optionalString.pipe(
    z.string().startsWith('MG', 'must start with MG').optional(),
  ),
  TWILIO_API_URL: optionalUrl,
});

type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Each provider group is all-or-nothing: half a provider is a mistake worth stopping for. */
const PROVIDER_GROUPS = {
  quickbooks: ['QUICKBOOKS_CLIENT_ID', 'QUICKBOOKS_CLIENT_SECRET', 'QUICKBOOKS_WEBHOOK_VERIFIER'],
  xero: ['XERO_CLIENT_ID', 'XERO_CLIENT_SECRET', 'XERO_WEBHOOK_KEY'],
  sendgrid: ['SENDGRID_API_KEY', 'SENDGRID_WEBHOOK_PUBLIC_KEY'],
  twilio: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'],
} as const satisfies Record<string, readonly (keyof Env)[]>;

export function loadConfig(source: Record<string, string | undefined>) {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const present = (group: keyof typeof PROVIDER_GROUPS) => {
    const keys = PROVIDER_GROUPS[group];
    const set = keys.filter((k) => e[k] !== undefined);
    if (set.length > 0 && set.length < keys.length) {
      for (const k of keys)
        if (e[k] === undefined) problems.push(`${k}: required when ${set.join(', ')} is set`);
    }
    return set.length === keys.length;
  };
  const has = {
    quickbooks: present('quickbooks'),
    xero: present('xero'),
    sendgrid: present('sendgrid'),
    twilio: present('twilio'),
  };
  if (has.twilio && !e.TWILIO_FROM_NUMBER && !e.TWILIO_MESSAGING_SERVICE_SID) {
    problems.push('TWILIO_FROM_NUMBER: required (or TWILIO_MESSAGING_SERVICE_SID) when Twilio is configured');
  }
  const production = e.NODE_ENV === 'production';
  if (production) {
    for (const key of ['SESSION_SECRET', 'ENCRYPTION_KEY', 'APP_URL', 'DATABASE_URL'] as const) {
      if (e[key] === undefined) problems.push(`${key}: required when NODE_ENV=production`);
    }
  }
  if (!e.SESSION_SECRET && !production)
    problems.push('SESSION_SECRET: missing (the demo generates one under DATA_DIR)');
  if (!e.ENCRYPTION_KEY && !production)
    problems.push('ENCRYPTION_KEY: missing (the demo generates one under DATA_DIR)');
  if (problems.length > 0) throw new ConfigError(problems);

  const appUrl = (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    production,
    port: e.PORT,
    appUrl,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    sessionSecret: e.SESSION_SECRET!,
    encryptionKey: Buffer.from(e.ENCRYPTION_KEY!, 'base64'),
    /** No provider at all configured: run against the local sandbox with demo books. */
    demo: e.DEMO ?? (!has.quickbooks && !has.xero && !has.sendgrid && !has.twilio),
    quickbooks: has.quickbooks
      ? {
          clientId: e.QUICKBOOKS_CLIENT_ID!,
          clientSecret: e.QUICKBOOKS_CLIENT_SECRET!,
          environment: e.QUICKBOOKS_ENVIRONMENT,
          webhookVerifier: e.QUICKBOOKS_WEBHOOK_VERIFIER!,
          redirectUri: `${appUrl}/connect/quickbooks/callback`,
          apiUrl:
            e.QUICKBOOKS_API_URL ??
            (e.QUICKBOOKS_ENVIRONMENT === 'production'
              ? 'https://quickbooks.api.intuit.com'
              : 'https://sandbox-quickbooks.api.intuit.com'),
          authorizeUrl: e.INTUIT_AUTHORIZE_URL ?? 'https://appcenter.intuit.com/connect/oauth2',
          tokenUrl: e.INTUIT_TOKEN_URL ?? 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
          revokeUrl: e.INTUIT_REVOKE_URL ?? 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
          userinfoUrl:
            e.INTUIT_USERINFO_URL ??
            (e.QUICKBOOKS_ENVIRONMENT === 'production'
              ? 'https://accounts.platform.intuit.com/v1/openid_connect/userinfo'
              : 'https://sandbox-accounts.platform.intuit.com/v1/openid_connect/userinfo'),
          jwksUrl: e.INTUIT_JWKS_URL ?? 'https://oauth.platform.intuit.com/op/v1/jwks',
        }
      : null,
    xero: has.xero
      ? {
          clientId: e.XERO_CLIENT_ID!,
          clientSecret: e.XERO_CLIENT_SECRET!,
          webhookKey: e.XERO_WEBHOOK_KEY!,
          redirectUri: `${appUrl}/connect/xero/callback`,
          identityUrl: (e.XERO_IDENTITY_URL ?? 'https://identity.xero.com').replace(/\/$/, ''),
          apiUrl: (e.XERO_API_URL ?? 'https://api.xero.com').replace(/\/$/, ''),
        }
      : null,
    sendgrid: has.sendgrid
      ? {
          apiKey: e.SENDGRID_API_KEY!,
          webhookPublicKey: e.SENDGRID_WEBHOOK_PUBLIC_KEY!,
          apiUrl: (e.SENDGRID_API_URL ?? 'https://api.sendgrid.com').replace(/\/$/, ''),
        }
      : null,
    twilio: has.twilio
      ? {
          accountSid: e.TWILIO_ACCOUNT_SID!,
          authToken: e.TWILIO_AUTH_TOKEN!,
          fromNumber: e.TWILIO_FROM_NUMBER ?? null,
          messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID ?? null,
          apiUrl: (e.TWILIO_API_URL ?? 'https://api.twilio.com').replace(/\/$/, ''),
        }
      : null,
  };
}

export type Config = ReturnType<typeof loadConfig>;
