/**
 * Amounts: the books hold integer minor units; QBO sends JSON numbers with the currency's digits
 * (1200.00 USD, 1500 JPY). JSON.stringify cannot write '1200.00', so amounts travel through the body as
 * marked strings and `toQboJson` unwraps them into bare numbers, keeping the digits exactly.
 */
import { stringifyWithRaw } from '../raw-json.js';

const MARK = '@@qbo-number:';
const QUOTED_MARK = `"${MARK}`;

const digitsByCurrency = new Map<string, number>();

/** ISO 4217 minor-unit digits (2 for USD, 0 for JPY, 3 for KWD), from the runtime's own currency data. */
export function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits!;
    } catch {
      digits = 2;
    }
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** Minor units to a decimal string with exactly the currency's digits: 123456 USD → '1234.56'. */
export function centsToDecimal(cents: number, currency: string): string {
  const digits = currencyDigits(currency);
  const negative = cents < 0;
  const text = String(Math.abs(cents));
  if (digits === 0) return negative ? `-${text}` : text;
  const padded = text.padStart(digits + 1, '0');
  const decimal = `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
  return negative ? `-${decimal}` : decimal;
}

/** A JSON number rendered from exact decimal text. The value stays a string until `toQboJson`. */
export type QboNumber = string & { readonly __qboNumber: true };

export function amount(cents: number, currency: string): QboNumber {
  return `${MARK}${centsToDecimal(cents, currency)}` as QboNumber;
}

/** A decimal string ('0.8993', '1') as a JSON number, e.g. ExchangeRate. */
export function decimalNumber(text: string): QboNumber {
  return /^-?\d+(\.\d+)?$/.test(text) ? (`${MARK}${text}` as QboNumber) : (`${MARK}1` as QboNumber);
}

/** The body as QBO's JSON: marked amounts become bare numbers, `RawJson` fragments are written as they are. */
export function toQboJson(body: unknown): string {
  return stringifyWithRaw(body, unmarkNumbers);
}

/**
 * '"@@qbo-number:1200.00"' → '1200.00'. A split on the marker rather than a regex replace: on a 1 MB page the
 * regex cost more than the stringify. `amount` and `decimalNumber` only ever mark decimal text.
 */
function unmarkNumbers(text: string): string {
  if (!text.includes(QUOTED_MARK)) return text;
  const parts = text.split(QUOTED_MARK);
  const pieces: string[] = [parts[0]!];
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    const end = part.indexOf('"');
    pieces.push(part.slice(0, end), part.slice(end + 1));
  }
  return pieces.join('');
}
