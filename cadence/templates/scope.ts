import { parsePhoneNumberFromString } from 'libphonenumber-js';
import {
  formatDate,
  formatDateWithWeekday,
  formatMoney,
  spokenCharacters,
  spokenMoney,
  totalsByCurrency,
} from './format.js';
import type { MessageContext, MessageInvoice } from './types.js';

/**
 * The variables templates see. Values are already formatted for the message's language, so a user editing
 * copy never has to know about locales, currencies' digits or time zones. Keep in sync with `variables.ts`.
 */
export function buildScope(context: MessageContext) {
  const { language } = context;
  const invoices = context.invoices.map((invoice) => invoiceScope(invoice, context));
  const payUrls = new Set(invoices.map((i) => i.pay_url));
  return {
    business: {
      name: context.business.name,
      reply_to: context.business.replyTo,
      phone: context.business.phone === null ? null : displayPhone(context.business.phone),
      phone_spoken: context.business.phone === null ? null : spokenCharacters(context.business.phone),
    },
    customer: { name: context.customer.name },
    contact: { name: blankToNull(context.contact.name) },
    invoices,
    invoice_count: invoices.length,
    totals: totalsByCurrency(context.invoices).map(({ currency, amount }) => ({
      currency,
      amount: formatMoney(amount, currency, language),
      amount_spoken: spokenMoney(amount, currency, language),
    })),
    days_overdue: Math.max(0, ...context.invoices.map((i) => i.daysOverdue)),
    step: context.step,
    deadline: context.deadline === null ? null : formatDateWithWeekday(context.deadline, language),
    // One link for the whole message only when it is unambiguous (one invoice, or a shared portal link).
    pay_url: payUrls.size === 1 ? ([...payUrls][0] ?? null) : null,
    language,
  };
}

export type TemplateScope = ReturnType<typeof buildScope>;

function invoiceScope(invoice: MessageInvoice, { language }: MessageContext) {
  return {
    number: invoice.number,
    number_spoken: spokenCharacters(invoice.number),
    amount: formatMoney(invoice.amountDue, invoice.currency, language),
    amount_spoken: spokenMoney(invoice.amountDue, invoice.currency, language),
    currency: invoice.currency,
    due_date: formatDate(invoice.dueDate, language),
    days_overdue: invoice.daysOverdue,
    pay_url: safeLink(invoice.payUrl),
  };
}

/** Only http(s) links reach a message: a `javascript:` or garbled link from the ledger is dropped. */
function safeLink(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function displayPhone(phone: string): string {
  return parsePhoneNumberFromString(phone)?.formatInternational() ?? phone;
}

function blankToNull(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value.trim();
}
