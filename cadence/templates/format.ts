import { Decimal } from 'decimal.js';
import type { Language } from './types.js';

/** Intl locale per language: the language decides formatting, not the process locale. */
const LOCALE: Record<Language, string> = { en: 'en-US', fr: 'fr-FR' };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date as a UTC midnight instant, formatted with timeZone 'UTC' below, so the process TZ
 * can never shift it by a day.
 */
function calendarDate(isoDate: string): Date {
  const m = DATE_RE.exec(isoDate);
  if (!m) throw new RangeError(`Expected a 'YYYY-MM-DD' date, got '${isoDate}'`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** 'December 12, 2026' / '12 décembre 2026'. */
export function formatDate(isoDate: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALE[language], { dateStyle: 'long', timeZone: 'UTC' }).format(
    calendarDate(isoDate),
  );
}

/** 'Friday, December 11, 2026' / 'vendredi 11 décembre 2026'. */
export function formatDateWithWeekday(isoDate: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALE[language], { dateStyle: 'full', timeZone: 'UTC' }).format(
    calendarDate(isoDate),
  );
}

/** Digits after the decimal point for a currency (JPY 0, USD 2, BHD 3), per Intl's CLDR data. */
export function currencyDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** Rounds the decimal string to the currency's own digits, as an exact decimal string. */
function roundedAmount(amount: string, currency: string): string {
  return new Decimal(amount).toFixed(currencyDigits(currency), Decimal.ROUND_HALF_UP);
}

/**
 * '$1,234.56' / '1 234,56 €' / '¥1,235'. The string is passed to Intl as an exact decimal
 * (Intl.NumberFormat v3), so no float ever carries the amount.
 */
export function formatMoney(amount: string, currency: string, language: Language): string {
  return new Intl.NumberFormat(LOCALE[language], { style: 'currency', currency }).format(
    roundedAmount(amount, currency) as Intl.StringNumericLiteral,
  );
}

/** Names of the minor unit where text-to-speech should say it; other currencies read the decimal. */
const MINOR_UNIT: Record<Language, Record<string, [one: string, many: string]>> = {
  en: {
    USD: ['cent', 'cents'],
    CAD: ['cent', 'cents'],
    AUD: ['cent', 'cents'],
    NZD: ['cent', 'cents'],
    EUR: ['cent', 'cents'],
    GBP: ['penny', 'pence'],
  },
  fr: {
    USD: ['cent', 'cents'],
    CAD: ['cent', 'cents'],
    AUD: ['cent', 'cents'],
    NZD: ['cent', 'cents'],
    EUR: ['centime', 'centimes'],
    CHF: ['centime', 'centimes'],
    GBP: ['penny', 'pence'],
  },
};

/**
 * An amount written for a voice to read: '1234 US dollars and 56 cents', '1234 euros et 56 centimes'.
 * No digit grouping, because a French voice reads '1 234' as two numbers.
 */
export function spokenMoney(amount: string, currency: string, language: Language): string {
  const rounded = new Decimal(roundedAmount(amount, currency));
  const major = rounded.trunc();
  const minor = rounded
    .minus(major)
    .abs()
    .times(Decimal.pow(10, currencyDigits(currency)));
  const names = MINOR_UNIT[language][currency];
  const nameFormat = (fractionDigits: number) =>
    new Intl.NumberFormat(LOCALE[language], {
      style: 'currency',
      currency,
      currencyDisplay: 'name',
      useGrouping: false,
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
  if (!names)
    return nameFormat(currencyDigits(currency)).format(rounded.toFixed() as Intl.StringNumericLiteral);
  const majorText = nameFormat(0).format(major.toFixed() as Intl.StringNumericLiteral);
  if (minor.isZero()) return majorText;
  const and = language === 'fr' ? 'et' : 'and';
  return `${majorText} ${and} ${minor.toFixed()} ${minor.eq(1) ? names[0] : names[1]}`;
}

/**
 * An invoice number or phone number spelled out for a voice: 'INV-0042' → 'I N V, 0 0 4 2', so it is not
 * read as "minus forty-two".
 */
export function spokenCharacters(text: string): string {
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((part) => part.length > 0)
    .map((part) => Array.from(part.toUpperCase()).join(' '))
    .join(', ');
}

/** Sums amounts per currency, in first-seen order. Currencies are never added together. */
export function totalsByCurrency(items: readonly { amountDue: string; currency: string }[]) {
  const totals = new Map<string, Decimal>();
  for (const item of items) {
    totals.set(item.currency, (totals.get(item.currency) ?? new Decimal(0)).plus(item.amountDue));
  }
  return [...totals].map(([currency, sum]) => ({ currency, amount: sum.toFixed() }));
}
