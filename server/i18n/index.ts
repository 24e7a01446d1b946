import type { Request } from 'express';
import type { Context } from 'liquidjs';
import { en, type MessageKey } from './en.js';
import { fr } from './fr.js';

export type Locale = 'en' | 'fr';
export const LOCALES: readonly Locale[] = ['en', 'fr'];
export type { MessageKey };

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, fr };

/**
 * The page text for `key` in `locale`, with `{name}` placeholders filled (numbers written the locale's way:
 * 1,204 / 1 204); unknown keys show as themselves.
 */
export function t(locale: Locale, key: string, vars: Record<string, unknown> = {}): string {
  const text = catalogs[locale][key as MessageKey] ?? en[key as MessageKey] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in vars)) return whole;
    const value = vars[name];
    return typeof value === 'number' ? formatAmount(locale, String(value)) : String(value);
  });
}

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'fr';
}

/**
 * The user's choice (session) first, then the browser's Accept-Language (first supported tag by quality), then
 * English.
 */
export function pickLocale(req: Pick<Request, 'session' | 'acceptsLanguages'>): Locale {
  if (isLocale(req.session?.locale)) return req.session.locale;
  const accepted = req.acceptsLanguages('en', 'fr');
  return isLocale(accepted) ? accepted : 'en';
}

/**
 * The Liquid filter `{{ 'org.step' | t }}` or `{{ 'settings.step' | t: n: 2 }}`: the locale comes from the
 * render scope (`locale`), keyword arguments fill the placeholders.
 */
export function liquidT(this: { context: Context }, key: unknown, ...args: unknown[]): string {
  const scoped = this.context.getSync(['locale']);
  const locale: Locale = isLocale(scoped) ? scoped : 'en';
  const vars: Record<string, unknown> = {};
  for (const arg of args) if (Array.isArray(arg) && typeof arg[0] === 'string') vars[arg[0]] = arg[1];
  return t(locale, String(key), vars);
}

const groupings = new Map<string, Intl.NumberFormat>();

/**
 * A decimal string ('21691.49', already rounded to its currency's digits) written the locale's way: '21,691.49',
 * '21 691,49'. Intl formats the string as an exact decimal, never through a float; anything else shows as given.
 */
export function formatAmount(locale: Locale, amount: string): string {
  const match = /^-?\d+(?:\.(\d+))?$/.exec(amount);
  if (!match) return amount;
  const digits = match[1]?.length ?? 0;
  // Intl takes at most 20 fraction digits; amounts never have that many, but a page must not fail on one.
  if (digits > 20) return amount;
  const key = `${locale}:${digits}`;
  let format = groupings.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    groupings.set(key, format);
  }
  return format.format(amount as unknown as number);
}

/** The Liquid filter `{{ invoice.amountDue | amount }}`: formatAmount in the render scope's locale. */
export function liquidAmount(this: { context: Context }, value: unknown): string {
  const scoped = this.context.getSync(['locale']);
  if (typeof value !== 'string') return typeof value === 'number' ? String(value) : '';
  return formatAmount(isLocale(scoped) ? scoped : 'en', value);
}
