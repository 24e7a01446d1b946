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

const NUMBER_START = /[-0-9]/;
const NUMBER_TOKEN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function quoteNumbers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      i = endOfString(text, i);
      continue;
    }
    if (NUMBER_START.test(ch)) {
      NUMBER_TOKEN.lastIndex = i;
      const match = NUMBER_TOKEN.exec(text);
      if (match) {
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

/** Index just past the closing quote of the string starting at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') i += 2;
    else if (ch === '"') return i + 1;
    else i += 1;
  }
  return i;
}
