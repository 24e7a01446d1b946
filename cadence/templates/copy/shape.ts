import type { Tone } from '../types.js';

/**
 * Default copy for one language, in pieces that `defaults.ts` assembles into complete Liquid sources
 * (the sources are what users see and edit in the settings page). Every piece is Liquid, plain text:
 * the HTML layout escapes it, the text layout prints it as is.
 */
export interface LanguageCopy {
  greeting: string;
  /** One text line per invoice, inside `{% for invoice in invoices %}`. */
  invoiceLine: string;
  payOnline: string;
  /** ':' in English; French typography puts a space before it. */
  colon: string;
  /** Label before the per-currency totals; the totals are joined with `and`. */
  totalDue: string;
  and: string;
  table: { invoice: string; amountDue: string; dueDate: string; daysOverdue: string };
  signOff: string;
  voiceIntro: string;
  voiceInvoice: string;
  voiceHowToPay: string;
  voiceClosing: string;
  callTask: {
    header: string;
    invoicesHeading: string;
    opening: string;
    askHeading: string;
    outcome: string;
  };
  smsStop: string;
  /** Short SMS used when a rendered SMS would exceed the limit (e.g. a very long business name). */
  smsFallback: string;
  tones: Record<Tone, ToneCopy>;
}

export interface ToneCopy {
  subject: string;
  /** Paragraphs before the invoice list. */
  intro: string[];
  /** Paragraphs after the invoice list. */
  outro: string[];
  sms: string;
  voice: string[];
  callTask: { purpose: string; questions: string[]; note?: string };
}

/** `{% if invoice_count == 1 %}one{% else %}many{% endif %}`: grammar that follows the invoice count. */
export function oneOrMany(one: string, many: string): string {
  return `{% if invoice_count == 1 %}${one}{% else %}${many}{% endif %}`;
}

/** `{{ n }} day(s)` with the right plural for a numeric variable. */
export function plural(variable: string, one: string, many: string): string {
  return `{{ ${variable} }} {% if ${variable} == 1 %}${one}{% else %}${many}{% endif %}`;
}

/** Totals per currency, never added across currencies: '$1,200.00 and €300.00'. */
export function totalsList(and: string): string {
  return (
    '{% for total in totals %}{% if forloop.first %}{% elsif forloop.last %} ' +
    and +
    ' {% else %}, {% endif %}{{ total.amount }}{% endfor %}'
  );
}

export const FIRST_NUMBER = '{{ invoices.first.number }}';
export const BUSINESS = '{{ business.name }}';
export const DAYS = '{{ days_overdue }}';

/** The fallback SMS keeps the pay link only when it is short enough to leave room for the rest. */
export const SHORT_PAY_LINK =
  '{% if pay_url %}{% if pay_url.size < 120 %}PAY {{ pay_url }} {% endif %}{% endif %}';
