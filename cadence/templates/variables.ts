/**
 * The variables a template may use, with a one-line description for the settings page. Mirrors
 * `buildScope` (a test checks they agree).
 */
export const ALLOWED_VARIABLES = {
  'business.name': 'Your business name',
  'business.reply_to': 'Reply-to email address',
  'business.phone': 'Your phone number, formatted (may be empty)',
  'business.phone_spoken': 'Your phone number spelled out for a voice (may be empty)',
  'customer.name': 'Customer (company) name',
  'contact.name': 'Contact person name (may be empty)',
  invoices: 'The overdue invoices: use {% for invoice in invoices %}',
  'invoices[].number': 'Invoice number',
  'invoices[].number_spoken': 'Invoice number spelled out for a voice',
  'invoices[].amount': 'Amount due, formatted with its currency',
  'invoices[].amount_spoken': 'Amount due written for a voice',
  'invoices[].currency': 'Currency code, e.g. USD',
  'invoices[].due_date': 'Due date, formatted',
  'invoices[].days_overdue': 'Days past the due date',
  'invoices[].pay_url': 'Online payment link (may be empty)',
  invoice_count: 'How many invoices are listed',
  totals: 'Amount due per currency: use {% for total in totals %}',
  'totals[].amount': 'Total due in one currency, formatted',
  'totals[].amount_spoken': 'Total due in one currency written for a voice',
  'totals[].currency': 'Currency code',
  days_overdue: 'Days past due of the oldest invoice',
  step: 'Reminder number (1, 2, 3, …)',
  deadline: 'Date to resolve by, with weekday (serious tone; may be empty)',
  pay_url: 'Payment link when there is a single one for the whole message (may be empty)',
  language: "Message language ('en' or 'fr')",
} as const;

/** Properties Liquid itself offers on arrays. */
const ARRAY_PROPERTIES = new Set(['size', 'first', 'last']);

/** Property paths, with `[]` for "any element", that a global variable reference may take. */
const ALLOWED = new Set(Object.keys(ALLOWED_VARIABLES));
const ARRAYS = new Set(['invoices', 'totals']);

/**
 * Whether a variable reference found by Liquid's static analysis names something in the scope.
 * `invoices.first.number`, `invoices[0].number` and `invoices.size` are accepted; `invoice.numbr`
 * inside a loop is a local and is caught by the strict render instead.
 */
export function isAllowedReference(segments: readonly unknown[]): boolean {
  let path = '';
  for (const segment of segments) {
    if (ARRAYS.has(path)) {
      if (segment === 'size') return true;
      if (typeof segment === 'number' || (typeof segment === 'string' && ARRAY_PROPERTIES.has(segment))) {
        path = `${path}[]`;
        continue;
      }
      return false;
    }
    if (typeof segment !== 'string') return false;
    path = path === '' ? segment : `${path}.${segment}`;
    if (!ALLOWED.has(path) && !isPrefixOfAllowed(path)) return false;
  }
  // `{{ business }}` alone would print '[object Object]': only leaves, arrays and array elements are useful.
  return ALLOWED.has(path) || path.endsWith('[]');
}

function isPrefixOfAllowed(path: string): boolean {
  for (const allowed of ALLOWED)
    if (allowed.startsWith(`${path}.`) || allowed.startsWith(`${path}[]`)) return true;
  return false;
}

/** 'business.name, customer.name, …' for error messages. */
export function allowedVariableList(): string {
  return Object.keys(ALLOWED_VARIABLES)
    .filter((name) => !name.includes('[]'))
    .concat(['invoice.number', 'invoice.amount', 'invoice.due_date', 'invoice.pay_url', '…'])
    .join(', ');
}
