import type { Company, CreditNote } from '../../books/types.js';
import { dateString, isoSeconds, msDate, msDateTime } from '../dates.js';
import { xeroId } from '../ids.js';
import { amount } from '../money.js';
import { contactRef } from './contact-ref.js';

const STATUS: Record<CreditNote['status'], string> = {
  open: 'AUTHORISED',
  applied: 'PAID',
  voided: 'VOIDED',
};

export function renderCreditNote(
  company: Company,
  note: CreditNote,
  withLines: boolean,
): Record<string, unknown> {
  return {
    Type: 'ACCRECCREDIT',
    CreditNoteID: xeroId(company.id, 'creditnote', note.id),
    CreditNoteNumber: note.number,
    Reference: '',
    Contact: contactRef(company, note.customerId),
    DateString: dateString(note.date),
    Date: msDate(note.date),
    Status: STATUS[note.status],
    LineAmountTypes: 'NoTax',
    ...(withLines
      ? {
          LineItems: [
            {
              LineItemID: xeroId(company.id, 'line', `credit:${note.id}`),
              Description: 'Credit',
              Quantity: 1,
              UnitAmount: amount(note.totalCents),
              LineAmount: amount(note.totalCents),
              AccountCode: '200',
              TaxType: 'NONE',
              TaxAmount: 0,
            },
          ],
        }
      : {}),
    SubTotal: amount(note.totalCents),
    TotalTax: 0,
    Total: amount(note.totalCents),
    CurrencyCode: note.currency,
    CurrencyRate: 1,
    RemainingCredit: note.status === 'voided' ? 0 : amount(note.remainingCents),
    Allocations: note.applications.map((application) => {
      const invoice = company.index.invoices.get(application.invoiceId);
      return {
        AllocationID: xeroId(company.id, 'allocation', `${note.id}:${application.invoiceId}`),
        Amount: amount(application.amountCents),
        Date: msDate(note.date),
        Invoice: {
          InvoiceID: xeroId(company.id, 'invoice', application.invoiceId),
          InvoiceNumber: invoice?.number ?? '',
        },
        IsDeleted: false,
      };
    }),
    Payments: [],
    SentToContact: true,
    HasAttachments: false,
    HasErrors: false,
    UpdatedDateUTC: msDateTime(note.updatedAt),
    UpdatedDateUTCString: isoSeconds(note.updatedAt),
  };
}
