/**
 * Parses a QuickBooks JSON body with every number kept as the exact text that was sent.
 *
 * Why: QuickBooks sends money as JSON numbers (`"Balance": 4750.10`). `JSON.parse` turns them into binary floats,
 * and an amount worked back from a float can drift (pitfall B15). Node 20 has no JSON.parse source-text access, so
 * number tokens are quoted before parsing; the schemas then read money as decimal strings and counts as numbers.
 */
export function parseJsonKeepingNumbers(text: string): unknown {
  return JSON.parse(quoteNumbers(text)) as unknown;
}

const NUMBER_TOKEN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const QUOTE = 34;
const MINUS = 45;
const BACKSLASH = 92;

/**
 * Quotes every number token outside strings. Strings (most of a body: keys and text) are skipped with indexOf,
 * not walked a character at a time; a number is matched with the strict JSON grammar, and anything else is left
 * for JSON.parse to refuse.
 */
function quoteNumbers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = endOfString(text, i);
      continue;
    }
    if (code === MINUS || (code >= 48 && code <= 57)) {
      NUMBER_TOKEN.lastIndex = i;
      const match = NUMBER_TOKEN.exec(text);
      // A number followed by ':' would be a key once quoted ({1:2}): left as it is, for JSON.parse to refuse.
      if (match && !followedByColon(text, i + match[0].length)) {
        out += `${text.slice(copiedUpTo, i)}"${match[0]}"`;
        i += match[0].length;
        copiedUpTo = i;
        continue;
      }
    }
    i += 1;
  }
  return out + text.slice(copiedUpTo);
}

function followedByColon(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t'))
    i += 1;
  return text[i] === ':';
}

/** Index just past the closing quote of the string starting at `start`: the first quote not escaped. */
function endOfString(text: string, start: number): number {
  let close = text.indexOf('"', start + 1);
  while (close !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return close + 1;
    close = text.indexOf('"', close + 1);
  }
  return text.length;
}
