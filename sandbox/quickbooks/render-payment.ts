import type { Company, CreditNote, Payment } from '../books/types.js';
import { amount } from './money.js';
import { currencyRef, metaData } from './render-common.js';

/** A Payment (reference §3.2, §7.2): one Line per invoice it pays, UnappliedAmt = credit left on account. */
export function renderPayment(company: Company, payment: Payment): object {
  const customer = company.index.customers.get(payment.customerId);
  return {
    Id: payment.id,
    SyncToken: String(payment.version),
    domain: 'QBO',
    sparse: false,
    MetaData: metaData(payment),
    TxnDate: payment.date,
    CustomerRef: { value: payment.customerId, name: customer?.displayName ?? '' },
    CurrencyRef: currencyRef(payment.currency),
    DepositToAccountRef: { value: '4' },
    ProcessPayment: false,
    TotalAmt: amount(payment.amountCents, payment.currency),
    UnappliedAmt: amount(payment.unappliedCents, payment.currency),
    Line: payment.applications.map((application) => ({
      Amount: amount(application.amountCents, payment.currency),
      LinkedTxn: [{ TxnId: application.invoiceId, TxnType: 'Invoice' }],
    })),
  };
}

/** A CreditMemo: Balance (and RemainingCredit) is the credit still available to apply. */
export function renderCreditMemo(company: Company, credit: CreditNote): object {
  const customer = company.index.customers.get(credit.customerId);
  const voided = credit.status === 'voided';
  const money = (cents: number) => amount(voided ? 0 : cents, credit.currency);
  return {
    Id: credit.id,
    SyncToken: String(credit.version),
    domain: 'QBO',
    sparse: false,
    MetaData: metaData(credit),
    DocNumber: credit.number,
    TxnDate: credit.date,
    CustomerRef: { value: credit.customerId, name: customer?.displayName ?? '' },
    CurrencyRef: currencyRef(credit.currency),
    ...(voided ? { PrivateNote: 'Voided' } : {}),
    Line: [
      {
        Id: '1',
        LineNum: 1,
        Amount: money(credit.totalCents),
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: { ItemRef: { value: '1', name: 'Services' }, TaxCodeRef: { value: 'NON' } },
      },
      { Amount: money(credit.totalCents), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
    ],
    TotalAmt: money(credit.totalCents),
    Balance: money(credit.remainingCents),
    RemainingCredit: money(credit.remainingCents),
  };
}
