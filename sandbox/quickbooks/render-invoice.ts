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

const q = JSON.stringify;
const currencyJsons = new Map<string, string>();

/**
 * The same invoice as `renderInvoice`, written straight to QBO's JSON text: the query and CDC pages render
 * 1,000 of these per request, and objects plus stringify plus unwrapping the amounts cost several times more.
 * render-invoice.test.ts holds it to exactly `toQboJson(renderInvoice(…))`.
 */
export function renderInvoiceJson(
  company: Company,
  invoice: Invoice,
  privateNote: string | undefined,
): string {
  const voided = invoice.status === 'voided';
  const customer = company.index.customers.get(invoice.customerId);
  const currency = invoice.currency;
  // An amount as the JSON number it becomes: '1200.00', digits kept (see money.ts).
  const money = (cents: number) => centsToDecimal(voided ? 0 : cents, currency);
  let currencyJson = currencyJsons.get(currency);
  if (currencyJson === undefined) currencyJsons.set(currency, (currencyJson = q(currencyRef(currency))));
  const meta = metaData(invoice);
  let out =
    `{"Id":${q(invoice.id)},"SyncToken":"${invoice.version}","domain":"QBO","sparse":false,` +
    `"MetaData":{"CreateTime":"${meta.CreateTime}","LastUpdatedTime":"${meta.LastUpdatedTime}"},` +
    `"DocNumber":${q(invoice.number)},"TxnDate":${q(invoice.issueDate)},"DueDate":${q(invoice.dueDate)},` +
    `"CurrencyRef":${currencyJson},"ExchangeRate":${exchangeRateText(invoice.exchangeRate)},` +
    `"CustomerRef":{"value":${q(invoice.customerId)},"name":${q(customer?.displayName ?? '')}}`;
  if (customer?.email) out += `,"BillEmail":{"Address":${q(customer.email)}}`;
  out += `,"EmailStatus":"${customer?.email ? 'EmailSent' : 'NotSet'}","PrintStatus":"NotSet"`;
  out += `,"SalesTermRef":{"value":${q(TERM_IDS[invoice.terms] ?? '5')},"name":${q(invoice.terms)}}`;
  if (voided) out += ',"PrivateNote":"Voided"';
  else if (privateNote !== undefined) out += `,"PrivateNote":${q(privateNote)}`;
  if (invoice.payUrl && !voided)
    out += `,"InvoiceLink":${q(invoice.payUrl)},"AllowOnlineCreditCardPayment":true`;
  out += ',"Line":[';
  const lines = invoice.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    out +=
      `{"Id":"${i + 1}","LineNum":${i + 1},"Description":${q(line.description)},` +
      `"Amount":${money(line.amountCents)},"DetailType":"SalesItemLineDetail",` +
      `"SalesItemLineDetail":{"ItemRef":{"value":"1","name":"Services"},"UnitPrice":${money(line.unitAmountCents)},` +
      `"Qty":${q(line.quantity)},"TaxCodeRef":{"value":"NON"}}},`;
  }
  out += `{"Amount":${money(invoice.totalCents)},"DetailType":"SubTotalLineDetail","SubTotalLineDetail":{}}]`;
  out += `,"LinkedTxn":${voided ? '[]' : q(derivedFor(company).linkedByInvoice.get(invoice.id) ?? [])}`;
  out += `,"TotalAmt":${money(invoice.totalCents)},"Balance":${money(invoice.amountDueCents)}`;
  if (currency !== company.currency) {
    out += `,"HomeTotalAmt":${homeAmountText(voided ? 0 : invoice.totalCents, invoice, company.currency)}`;
    out += `,"HomeBalance":${homeAmountText(voided ? 0 : invoice.amountDueCents, invoice, company.currency)}`;
  }
  return `${out}}`;
}

function exchangeRateText(text: string): string {
  return /^-?\d+(\.\d+)?$/.test(text) ? text : '1';
}

function homeAmountText(cents: number, invoice: Invoice, homeCurrency: string): string {
  return exchangeRateText(
    new Decimal(centsToDecimal(cents, invoice.currency))
      .times(invoice.exchangeRate)
      .toFixed(currencyDigits(homeCurrency), Decimal.ROUND_HALF_UP),
  );
}
