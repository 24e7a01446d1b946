import type { Company, Invoice, InvoiceStatus } from '../../books/types.js';
import { dateString, isoSeconds, msDate, msDateTime } from '../dates.js';
import { lineItemId, xeroId } from '../ids.js';
import { amount, amountText, currencyRate } from '../money.js';
import { contactRef } from './contact-ref.js';
import { relationsOf } from './relations.js';

export type XeroInvoiceStatus = 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';

const STATUS: Record<InvoiceStatus, XeroInvoiceStatus> = {
  draft: 'DRAFT',
  open: 'AUTHORISED',
  paid: 'PAID',
  voided: 'VOIDED',
  deleted: 'DELETED',
};

/** An open invoice with nothing left to pay is PAID in Xero (a fully credited invoice too). */
export function xeroInvoiceStatus(invoice: Invoice): XeroInvoiceStatus {
  if (invoice.status === 'open' && invoice.amountDueCents === 0 && invoice.totalCents > 0) return 'PAID';
  return STATUS[invoice.status];
}

export interface InvoiceAmounts {
  paidCents: number;
  creditedCents: number;
}

/** AmountPaid counts live payments; AmountCredited counts credit notes applied (reference §2.5). */
export function invoiceAmounts(company: Company, invoice: Invoice): InvoiceAmounts {
  const relations = relationsOf(company);
  let paidCents = 0;
  for (const { payment, amountCents } of relations.payments.get(invoice.id) ?? []) {
    if (!payment.deleted) paidCents += amountCents;
  }
  let creditedCents = 0;
  for (const { creditNote, amountCents } of relations.creditNotes.get(invoice.id) ?? []) {
    if (creditNote.status !== 'voided') creditedCents += amountCents;
  }
  return { paidCents, creditedCents };
}

/**
 * One invoice in Xero's JSON shape. `withLines` is false for unpaged list calls, where Xero leaves line items
 * out; single-invoice and paged calls include them.
 */
export function renderInvoice(
  company: Company,
  invoice: Invoice,
  withLines: boolean,
): Record<string, unknown> {
  const relations = relationsOf(company);
  const { paidCents, creditedCents } = invoiceAmounts(company, invoice);
  const subTotalCents = invoice.lines.reduce((sum, line) => sum + line.amountCents, 0);
  const taxCents = invoice.totalCents - subTotalCents;
  const rate = currencyRate(invoice.exchangeRate);
  const payments = (relations.payments.get(invoice.id) ?? [])
    .filter(({ payment }) => !payment.deleted)
    .map(({ payment, amountCents }) => ({
      PaymentID: xeroId(company.id, 'payment', `${payment.id}:${invoice.id}`),
      Date: msDate(payment.date),
      Amount: amount(amountCents),
      Reference: '',
      CurrencyRate: rate,
      HasAccount: false,
      HasValidationErrors: false,
    }));
  const creditNotes = (relations.creditNotes.get(invoice.id) ?? [])
    .filter(({ creditNote }) => creditNote.status !== 'voided')
    .map(({ creditNote, amountCents }) => ({
      CreditNoteID: xeroId(company.id, 'creditnote', creditNote.id),
      CreditNoteNumber: creditNote.number,
      AppliedAmount: amount(amountCents),
      DateString: dateString(creditNote.date),
      Date: msDate(creditNote.date),
      LineItems: [],
      Total: amount(creditNote.totalCents),
    }));
  const status = xeroInvoiceStatus(invoice);
  const invoiceId = xeroId(company.id, 'invoice', invoice.id);
  return {
    Type: 'ACCREC',
    InvoiceID: invoiceId,
    InvoiceNumber: invoice.number,
    Reference: '',
    Contact: contactRef(company, invoice.customerId),
    DateString: dateString(invoice.issueDate),
    Date: msDate(invoice.issueDate),
    DueDateString: dateString(invoice.dueDate),
    DueDate: msDate(invoice.dueDate),
    Status: status,
    LineAmountTypes: taxCents === 0 ? 'NoTax' : 'Exclusive',
    ...(withLines
      ? { LineItems: invoice.lines.map((line, i) => renderLine(invoice, invoiceId, i, taxCents)) }
      : {}),
    SubTotal: amount(subTotalCents),
    TotalTax: amount(taxCents),
    Total: amount(invoice.totalCents),
    TotalDiscount: 0,
    AmountDue: amount(invoice.amountDueCents),
    AmountPaid: amount(paidCents),
    AmountCredited: amount(creditedCents),
    Payments: payments,
    CreditNotes: creditNotes,
    Prepayments: [],
    Overpayments: [],
    CurrencyCode: invoice.currency,
    CurrencyRate: rate,
    ...(invoice.payUrl ? { Url: invoice.payUrl } : {}),
    SentToContact: status !== 'DRAFT',
    IsDiscounted: false,
    HasAttachments: false,
    HasErrors: false,
    UpdatedDateUTC: msDateTime(invoice.updatedAt),
    UpdatedDateUTCString: isoSeconds(invoice.updatedAt),
  };
}

function renderLine(
  invoice: Invoice,
  invoiceId: string,
  i: number,
  taxCents: number,
): Record<string, unknown> {
  const line = invoice.lines[i]!;
  return {
    LineItemID: lineItemId(invoiceId, i),
    Description: line.description,
    Quantity: line.quantity,
    UnitAmount: amount(line.unitAmountCents),
    LineAmount: amount(line.amountCents),
    AccountCode: '200',
    TaxType: taxCents === 0 ? 'NONE' : 'OUTPUT2',
    // The neutral books keep tax at invoice level only; Xero shows it on the lines, so it sits on the first.
    TaxAmount: i === 0 ? amount(taxCents) : 0,
    Tracking: [],
  };
}

const q = JSON.stringify;

/**
 * The same invoice as `renderInvoice`, written straight to JSON text: list pages render 1,000 of these per
 * request, and building objects to stringify them costs several times more. ../invoice-json.test.ts holds it to
 * exactly `JSON.stringify(renderInvoice(…))`.
 */
export function renderInvoiceJson(company: Company, invoice: Invoice, withLines: boolean): string {
  const relations = relationsOf(company);
  const { paidCents, creditedCents } = invoiceAmounts(company, invoice);
  let subTotalCents = 0;
  for (const line of invoice.lines) subTotalCents += line.amountCents;
  const taxCents = invoice.totalCents - subTotalCents;
  const rate = currencyRate(invoice.exchangeRate);
  const invoiceId = invoice.id;
  const status = xeroInvoiceStatus(invoice);
  const customer = company.index.customers.get(invoice.customerId);
  const xeroInvoiceId = xeroId(company.id, 'invoice', invoiceId);
  let out =
    `{"Type":"ACCREC","InvoiceID":"${xeroInvoiceId}",` +
    `"InvoiceNumber":${q(invoice.number)},"Reference":"",` +
    `"Contact":{"ContactID":"${xeroId(company.id, 'contact', invoice.customerId)}","Name":${q(customer?.displayName ?? '')}},` +
    `"DateString":${q(dateString(invoice.issueDate))},"Date":${q(msDate(invoice.issueDate))},` +
    `"DueDateString":${q(dateString(invoice.dueDate))},"DueDate":${q(msDate(invoice.dueDate))},` +
    `"Status":"${status}","LineAmountTypes":"${taxCents === 0 ? 'NoTax' : 'Exclusive'}"`;
  if (withLines) {
    out += ',"LineItems":[';
    const taxType = taxCents === 0 ? 'NONE' : 'OUTPUT2';
    for (let i = 0; i < invoice.lines.length; i++) {
      const line = invoice.lines[i]!;
      if (i > 0) out += ',';
      out +=
        `{"LineItemID":"${lineItemId(xeroInvoiceId, i)}","Description":${q(line.description)},` +
        `"Quantity":${q(line.quantity)},"UnitAmount":${amountText(line.unitAmountCents)},` +
        `"LineAmount":${amountText(line.amountCents)},"AccountCode":"200","TaxType":"${taxType}",` +
        `"TaxAmount":${i === 0 ? amountText(taxCents) : 0},"Tracking":[]}`;
    }
    out += ']';
  }
  out +=
    `,"SubTotal":${amountText(subTotalCents)},"TotalTax":${amountText(taxCents)},"Total":${amountText(invoice.totalCents)}` +
    `,"TotalDiscount":0,"AmountDue":${amountText(invoice.amountDueCents)},"AmountPaid":${amountText(paidCents)}` +
    `,"AmountCredited":${amountText(creditedCents)},"Payments":[`;
  let first = true;
  for (const { payment, amountCents } of relations.payments.get(invoiceId) ?? []) {
    if (payment.deleted) continue;
    out +=
      `${first ? '' : ','}{"PaymentID":"${xeroId(company.id, 'payment', `${payment.id}:${invoiceId}`)}",` +
      `"Date":${q(msDate(payment.date))},"Amount":${amountText(amountCents)},"Reference":"",` +
      `"CurrencyRate":${rate},"HasAccount":false,"HasValidationErrors":false}`;
    first = false;
  }
  out += '],"CreditNotes":[';
  first = true;
  for (const { creditNote, amountCents } of relations.creditNotes.get(invoiceId) ?? []) {
    if (creditNote.status === 'voided') continue;
    out +=
      `${first ? '' : ','}{"CreditNoteID":"${xeroId(company.id, 'creditnote', creditNote.id)}",` +
      `"CreditNoteNumber":${q(creditNote.number)},"AppliedAmount":${amountText(amountCents)},` +
      `"DateString":${q(dateString(creditNote.date))},"Date":${q(msDate(creditNote.date))},"LineItems":[],` +
      `"Total":${amountText(creditNote.totalCents)}}`;
    first = false;
  }
  out += `],"Prepayments":[],"Overpayments":[],"CurrencyCode":${q(invoice.currency)},"CurrencyRate":${rate}`;
  if (invoice.payUrl) out += `,"Url":${q(invoice.payUrl)}`;
  out +=
    `,"SentToContact":${status !== 'DRAFT'},"IsDiscounted":false,"HasAttachments":false,"HasErrors":false` +
    `,"UpdatedDateUTC":${q(msDateTime(invoice.updatedAt))},"UpdatedDateUTCString":${q(isoSeconds(invoice.updatedAt))}}`;
  return out;
}
