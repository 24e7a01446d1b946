import type { Company, Payment } from '../../books/types.js';
import { isoSeconds, msDate, msDateTime } from '../dates.js';
import { xeroId } from '../ids.js';
import { amount, currencyRate } from '../money.js';
import { contactRef } from './contact-ref.js';

/**
 * A Xero Payment settles exactly one invoice, so a neutral payment applied to several invoices becomes one Xero
 * payment per application (the money left over is an Overpayment, see renderOverpayment). A deleted payment
 * stays listed with Status DELETED.
 */
export function renderPayments(company: Company, payment: Payment): Record<string, unknown>[] {
  return payment.applications.map((application) => {
    const invoice = company.index.invoices.get(application.invoiceId);
    const rate = currencyRate(invoice?.exchangeRate ?? '1');
    return {
      PaymentID: xeroId(company.id, 'payment', `${payment.id}:${application.invoiceId}`),
      Date: msDate(payment.date),
      BankAmount: amount(application.amountCents),
      Amount: amount(application.amountCents),
      Reference: '',
      CurrencyRate: rate,
      PaymentType: 'ACCRECPAYMENT',
      Status: payment.deleted ? 'DELETED' : 'AUTHORISED',
      IsReconciled: false,
      HasAccount: true,
      HasValidationErrors: false,
      Account: { AccountID: xeroId(company.id, 'line', 'bank-account'), Code: '090' },
      Invoice: {
        Type: 'ACCREC',
        InvoiceID: xeroId(company.id, 'invoice', application.invoiceId),
        InvoiceNumber: invoice?.number ?? '',
        Contact: contactRef(company, payment.customerId),
        CurrencyCode: invoice?.currency ?? payment.currency,
      },
      UpdatedDateUTC: msDateTime(payment.updatedAt),
      UpdatedDateUTCString: isoSeconds(payment.updatedAt),
    };
  });
}

/** Money received beyond what was applied: credit on account that the cadence must not ignore. */
export function renderOverpayment(company: Company, payment: Payment): Record<string, unknown> {
  return {
    Type: 'RECEIVE-OVERPAYMENT',
    OverpaymentID: xeroId(company.id, 'overpayment', payment.id),
    Contact: contactRef(company, payment.customerId),
    Date: msDate(payment.date),
    Status: payment.deleted ? 'VOIDED' : 'AUTHORISED',
    LineAmountTypes: 'NoTax',
    SubTotal: amount(payment.unappliedCents),
    TotalTax: 0,
    Total: amount(payment.unappliedCents),
    CurrencyCode: payment.currency,
    CurrencyRate: 1,
    RemainingCredit: payment.deleted ? 0 : amount(payment.unappliedCents),
    Allocations: [],
    Payments: [],
    HasAttachments: false,
    UpdatedDateUTC: msDateTime(payment.updatedAt),
    UpdatedDateUTCString: isoSeconds(payment.updatedAt),
  };
}
