import type { XeroContactLike } from './map-contact.js';
import type { XeroCreditLike, XeroInvoiceLike, XeroPaymentLike } from './map.js';

/**
 * Records of a list page as Xero sent them (PascalCase JSON, `/Date(…)/` strings), picked into the shapes the
 * mappers read: only the fields Dunwise uses, each kept only when it has the JSON type Xero documents for it.
 * A record missing what the mapper requires (an id, a currency) is then skipped by the mapper with a log line,
 * the way a malformed xero-node model is. Amounts and dates pass through as sent: the mappers parse them.
 */
type Wire = Record<string, unknown>;

function fields(value: unknown): Wire {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Wire) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function list(value: unknown): Wire[] {
  return Array.isArray(value) ? value.map(fields) : [];
}

function contactRef(value: unknown): { contactID?: string } {
  return { contactID: text(fields(value).ContactID) };
}

export function invoiceFromWire(value: unknown): XeroInvoiceLike {
  const r = fields(value);
  return {
    invoiceID: text(r.InvoiceID),
    invoiceNumber: text(r.InvoiceNumber),
    type: r.Type,
    status: r.Status,
    contact: contactRef(r.Contact),
    currencyCode: r.CurrencyCode,
    total: r.Total,
    amountDue: r.AmountDue,
    date: r.Date,
    dueDate: r.DueDate,
    url: text(r.Url),
    updatedDateUTC: r.UpdatedDateUTC,
  };
}

export function contactFromWire(value: unknown): XeroContactLike {
  const r = fields(value);
  return {
    contactID: text(r.ContactID),
    contactStatus: r.ContactStatus,
    name: text(r.Name),
    firstName: text(r.FirstName),
    lastName: text(r.LastName),
    emailAddress: text(r.EmailAddress),
    contactPersons: list(r.ContactPersons).map((p) => ({
      firstName: text(p.FirstName),
      lastName: text(p.LastName),
      emailAddress: text(p.EmailAddress),
      includeInEmails: typeof p.IncludeInEmails === 'boolean' ? p.IncludeInEmails : undefined,
    })),
    phones: list(r.Phones).map((p) => ({
      phoneType: p.PhoneType,
      phoneNumber: text(p.PhoneNumber),
      phoneAreaCode: text(p.PhoneAreaCode),
      phoneCountryCode: text(p.PhoneCountryCode),
    })),
    addresses: list(r.Addresses).map((a) => ({ country: text(a.Country) })),
    defaultCurrency: r.DefaultCurrency,
    updatedDateUTC: r.UpdatedDateUTC,
  };
}

export function paymentFromWire(value: unknown): XeroPaymentLike {
  const r = fields(value);
  const invoice = fields(r.Invoice);
  return {
    paymentID: text(r.PaymentID),
    status: r.Status,
    paymentType: r.PaymentType,
    amount: r.Amount,
    date: r.Date,
    invoice: {
      invoiceID: text(invoice.InvoiceID),
      type: invoice.Type,
      contact: contactRef(invoice.Contact),
      currencyCode: invoice.CurrencyCode,
    },
    updatedDateUTC: r.UpdatedDateUTC,
  };
}

/** Credit notes, overpayments and prepayments: each list names its id field after itself. */
export function creditFromWire(value: unknown): XeroCreditLike {
  const r = fields(value);
  return {
    creditNoteID: text(r.CreditNoteID),
    overpaymentID: text(r.OverpaymentID),
    prepaymentID: text(r.PrepaymentID),
    type: r.Type,
    status: r.Status,
    contact: contactRef(r.Contact),
    currencyCode: r.CurrencyCode,
    total: r.Total,
    remainingCredit: r.RemainingCredit,
    date: r.Date,
    updatedDateUTC: r.UpdatedDateUTC,
  };
}
