/**
 * Provider-neutral books held by the sandbox. Each provider's stand-in (sandbox/quickbooks, sandbox/xero)
 * renders these records in its own API shape; the control API mutates them through `SandboxWorld`.
 *
 * Money is integer minor units (cents) of the record's currency: exact, and small enough that a
 * 1,000,000-invoice book stays well under the memory budget. Dates are 'YYYY-MM-DD' calendar dates in the
 * company's time zone; instants (`updatedAt`) are epoch milliseconds of the sandbox clock.
 */
export type SandboxProvider = 'quickbooks' | 'xero';

export interface Company {
  /** QuickBooks realmId or Xero tenantId. */
  id: string;
  provider: SandboxProvider;
  name: string;
  /** ISO 3166-1 alpha-2, e.g. 'US', 'GB', 'NZ', 'FR'. */
  country: string;
  /** ISO 4217 home / base currency. */
  currency: string;
  /** IANA zone. The Xero stand-in renders it as a Windows zone name, as Xero does. */
  timeZone: string;
  /** Short code Xero shows, and the QuickBooks CompanyInfo legal name fallback. */
  shortCode: string;
  createdAt: number;
  customers: Customer[];
  invoices: Invoice[];
  payments: Payment[];
  creditNotes: CreditNote[];
  /** Monotonic id source for records created after generation (payments, notes). */
  nextId: number;
  /** Per-record index by id, maintained by SandboxWorld. */
  index: {
    customers: Map<string, Customer>;
    invoices: Map<string, Invoice>;
    payments: Map<string, Payment>;
    creditNotes: Map<string, CreditNote>;
  };
}

export interface Customer {
  id: string;
  displayName: string;
  /** Person to address ("Dear Aroha"), may be absent for businesses. */
  contactName: string | null;
  email: string | null;
  /** E.164 when generated; the generator also makes some malformed or local-format numbers on purpose. */
  mobile: string | null;
  landline: string | null;
  country: string;
  currency: string;
  active: boolean;
  createdAt: number;
  updatedAt: number;
  /** QuickBooks SyncToken / generic version counter, bumped on each change. */
  version: number;
}

export type InvoiceStatus = 'open' | 'paid' | 'voided' | 'deleted' | 'draft';

export interface InvoiceLine {
  description: string;
  quantity: number;
  unitAmountCents: number;
  amountCents: number;
}

export interface Invoice {
  id: string;
  number: string;
  customerId: string;
  currency: string;
  /** Units of home currency per 1 unit of invoice currency, as a decimal string ('1' for home currency). */
  exchangeRate: string;
  issueDate: string;
  dueDate: string;
  /** Payment terms label, e.g. 'Net 30'. */
  terms: string;
  lines: InvoiceLine[];
  totalCents: number;
  /** Amount still due: total minus payments and credits applied. Source of truth for the API's Balance/AmountDue. */
  amountDueCents: number;
  status: InvoiceStatus;
  /** Online payment link when the provider would give one, else null. */
  payUrl: string | null;
  createdAt: number;
  updatedAt: number;
  version: number;
}

export interface PaymentApplication {
  invoiceId: string;
  amountCents: number;
}

export interface Payment {
  id: string;
  customerId: string;
  currency: string;
  date: string;
  amountCents: number;
  applications: PaymentApplication[];
  /** Amount not applied to any invoice: credit on account (QuickBooks UnappliedAmt, Xero overpayment). */
  unappliedCents: number;
  deleted: boolean;
  createdAt: number;
  updatedAt: number;
  version: number;
}

export interface CreditNote {
  id: string;
  number: string;
  customerId: string;
  currency: string;
  date: string;
  totalCents: number;
  applications: PaymentApplication[];
  /** Credit still available to apply (QuickBooks CreditMemo Balance, Xero RemainingCredit). */
  remainingCents: number;
  status: 'open' | 'applied' | 'voided';
  createdAt: number;
  updatedAt: number;
  version: number;
}

/** A note written back by Dunwise (QuickBooks Attachable, Xero History record), kept for inspection. */
export interface WrittenNote {
  id: string;
  companyId: string;
  invoiceId: string;
  text: string;
  /** The idempotency key the client sent (Xero Idempotency-Key, QuickBooks requestid), if any. */
  idempotencyKey: string | null;
  at: number;
}
