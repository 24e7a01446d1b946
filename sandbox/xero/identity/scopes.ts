/** Scopes Xero's identity server knows: OpenID, the broad accounting scopes and the 2026 granular ones. */
const KNOWN = new Set([
  'openid',
  'profile',
  'email',
  'offline_access',
  'accounting.transactions',
  'accounting.transactions.read',
  'accounting.contacts',
  'accounting.contacts.read',
  'accounting.settings',
  'accounting.settings.read',
  'accounting.attachments',
  'accounting.attachments.read',
  'accounting.reports.read',
  'accounting.journals.read',
  'accounting.budgets.read',
  'accounting.invoices',
  'accounting.invoices.read',
  'accounting.payments',
  'accounting.payments.read',
  'accounting.banktransactions',
  'accounting.banktransactions.read',
  'accounting.manualjournals',
  'accounting.manualjournals.read',
]);

export function parseScopes(text: string | undefined): string[] {
  return (text ?? '').split(/\s+/).filter(Boolean);
}

export function unknownScopes(scopes: string[]): string[] {
  return scopes.filter((s) => !KNOWN.has(s));
}

/** Whether consent must name at least one organisation (any accounting scope). */
export function needsTenant(scopes: string[]): boolean {
  return scopes.some((s) => s.startsWith('accounting.'));
}

/** What an API call needs: any one of the listed scopes. */
export const REQUIRED_SCOPES = {
  invoicesRead: [
    'accounting.transactions',
    'accounting.transactions.read',
    'accounting.invoices',
    'accounting.invoices.read',
  ],
  invoicesWrite: ['accounting.transactions', 'accounting.invoices'],
  paymentsRead: [
    'accounting.transactions',
    'accounting.transactions.read',
    'accounting.payments',
    'accounting.payments.read',
  ],
  contactsRead: ['accounting.contacts', 'accounting.contacts.read'],
  settingsRead: ['accounting.settings', 'accounting.settings.read'],
} as const;
