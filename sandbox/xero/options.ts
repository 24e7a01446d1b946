/** Knobs of the Xero stand-in; the defaults are the real service's numbers. */
export interface XeroSandboxOptions {
  /** Registered redirect URIs; when empty any absolute http(s) URL is accepted (a dev machine's port varies). */
  redirectUris: string[];
  limits: XeroLimits;
  /** `ProviderName` in every accounting response: the app's name as Xero knows it. */
  providerName: string;
  /** Base of `resourceUrl` in webhook events (the real one unless the app should fetch from the sandbox). */
  webhookResourceBase: string;
  /**
   * The clock for id_token iat/nbf/exp. Clients validate those against their own clock (openid-client allows
   * 5 s of skew), so when the app runs on the real clock while the sandbox clock has been advanced, pass the
   * real clock here. Default: the sandbox clock.
   */
  idTokenClock: (() => number) | null;
}

export interface XeroLimits {
  perMinute: number;
  perDay: number;
  concurrent: number;
  appPerMinute: number;
}

export const DEFAULT_OPTIONS: XeroSandboxOptions = {
  redirectUris: [],
  limits: { perMinute: 60, perDay: 5000, concurrent: 5, appPerMinute: 10_000 },
  providerName: 'Dunwise (sandbox)',
  webhookResourceBase: 'https://api.xero.com/api.xro/2.0',
  idTokenClock: null,
};

export function resolveOptions(partial: Partial<XeroSandboxOptions> = {}): XeroSandboxOptions {
  return {
    ...DEFAULT_OPTIONS,
    ...partial,
    limits: { ...DEFAULT_OPTIONS.limits, ...partial.limits },
  };
}
