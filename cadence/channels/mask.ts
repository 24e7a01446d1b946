/**
 * A recipient as it may appear in logs: enough to tell two apart, not enough to contact anyone.
 * 'ap@example.com' → 'a***@example.com'; '+14155550142' → '+***0142'.
 */
export function maskRecipient(value: string): string {
  const at = value.lastIndexOf('@');
  if (at > 0) return `${value[0]}***${value.slice(at)}`;
  const digits = value.replace(/\D/g, '');
  if (digits.length <= 4) return '***';
  return `${value.trim().startsWith('+') ? '+' : ''}***${digits.slice(-4)}`;
}
