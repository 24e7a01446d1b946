import type { Request } from 'express';
import type { Context } from 'liquidjs';
import { en, type MessageKey } from './en.js';
import { fr } from './fr.js';

export type Locale = 'en' | 'fr';
export const LOCALES: readonly Locale[] = ['en', 'fr'];
export type { MessageKey };

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, fr };

const counts: Record<Locale, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en'),
  fr: new Intl.NumberFormat('fr'),
};

/**
 * The page text for `key` in `locale`, with `{name}` placeholders filled (numbers written the locale's way:
 * 1,204 / 1 204); unknown keys show as themselves.
 */
export function t(locale: Locale, key: string, vars: Record<string, unknown> = {}): string {
  const text = catalogs[locale][key as MessageKey] ?? en[key as MessageKey] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in vars)) return whole;
    const value = vars[name];
    return typeof value === 'number' ? counts[locale].format(value) : String(value);
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
