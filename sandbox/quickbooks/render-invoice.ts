import { Decimal } from 'decimal.js';
import type { Company, Invoice } from '../books/types.js';
import { derivedFor } from './derived.js';
import { amount, centsToDecimal, currencyDigits, decimalNumber } from './money.js';
import { currencyRef, metaData } from './render-common.js';

const TERM_IDS: Record<string, string> = {
  'Due on receipt': '1',
  'Net 15': '2',
  'Net 30': '3',
  'Net 60': '4',
};

/**
 * An Invoice as the Accounting API returns it (reference §3.1, §7.1). A voided invoice keeps its Id and
 * lines but shows TotalAmt 0, Balance 0 and PrivateNote "Voided", as QBO does.
 */
export function renderInvoice(company: Company, invoice: Invoice, privateNote: string | undefined): object {
  const voided = invoice.status === 'voided';
  const customer = company.index.customers.get(invoice.customerId);
  const money = (cents: number) => amount(voided ? 0 : cents, invoice.currency);
  const lines: object[] = invoice.lines.map((line, i) => ({
    Id: String(i + 1),
    LineNum: i + 1,
    Description: line.description,
    Amount: money(line.amountCents),
    DetailType: 'SalesItemLineDetail',
    SalesItemLineDetail: {
      ItemRef: { value: '1', name: 'Services' },
      UnitPrice: money(line.unitAmountCents),
      Qty: line.quantity,
      TaxCodeRef: { value: 'NON' },
    },
  }));
  lines.push({ Amount: money(invoice.totalCents), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });

  // Built by assignment in QBO's field order rather than with conditional spreads: this runs 1,000 times per
  // page and spreads make V8 fall back to slow dictionary objects.
  const out: Record<string, unknown> = {
    Id: invoice.id,
    SyncToken: String(invoice.version),
    domain: 'QBO',
    sparse: false,
    MetaData: metaData(invoice),
    DocNumber: invoice.number,
    TxnDate: invoice.issueDate,
    DueDate: invoice.dueDate,
    CurrencyRef: currencyRef(invoice.currency),
    ExchangeRate: decimalNumber(invoice.exchangeRate),
    CustomerRef: { value: invoice.customerId, name: customer?.displayName ?? '' },
  };
  if (customer?.email) out.BillEmail = { Address: customer.email };
  out.EmailStatus = customer?.email ? 'EmailSent' : 'NotSet';
  out.PrintStatus = 'NotSet';
  out.SalesTermRef = { value: TERM_IDS[invoice.terms] ?? '5', name: invoice.terms };
  if (voided) out.PrivateNote = 'Voided';
  else if (privateNote !== undefined) out.PrivateNote = privateNote;
  if (invoice.payUrl && !voided) {
    out.InvoiceLink = invoice.payUrl;
    out.AllowOnlineCreditCardPayment = true;
  }
  out.Line = lines;
  out.LinkedTxn = voided ? [] : (derivedFor(company).linkedByInvoice.get(invoice.id) ?? []);
  out.TotalAmt = money(invoice.totalCents);
  out.Balance = money(invoice.amountDueCents);
  if (invoice.currency !== company.currency) {
    out.HomeTotalAmt = homeAmount(voided ? 0 : invoice.totalCents, invoice, company.currency);
    out.HomeBalance = homeAmount(voided ? 0 : invoice.amountDueCents, invoice, company.currency);
  }
  return out;
}

/** Balance converted at the invoice's rate, rounded half-up to the home currency's digits. */
function homeAmount(cents: number, invoice: Invoice, homeCurrency: string) {
  const home = new Decimal(centsToDecimal(cents, invoice.currency))
    .times(invoice.exchangeRate)
    .toFixed(currencyDigits(homeCurrency), Decimal.ROUND_HALF_UP);
  return decimalNumber(home);
}
