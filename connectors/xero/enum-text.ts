/**
 * xero-node types enums as numeric TS enums, but at run time they hold Xero's strings ('PAID', 'ACCREC', 'NZD').
 * This reads such a field as the string it really is; anything else becomes ''.
 */
export function enumText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
