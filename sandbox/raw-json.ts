/**
 * Pre-serialized JSON inside a body. A 1,000-invoice page is cheaper written as text straight from the books
 * than built as objects and stringified (issue 3: a page in ≤ 20 ms): each invoice is rendered to its JSON text
 * and the page around it is an ordinary object holding `RawJson` values, which `stringifyWithRaw` splices in.
 */
const MARK = '@@raw-json:';
const QUOTED_MARK = `"${MARK}`;

/** The pending fragments of the stringify in progress (stringify is synchronous, so one list suffices). */
let sink: string[] | null = null;

export class RawJson {
  readonly json: string;

  constructor(json: string) {
    // Text built by concatenation is a rope until first read. Flattened now, while young, it is one string
    // to keep instead of hundreds of pieces the garbage collector must copy: a page costs half as much.
    json.charCodeAt(0);
    this.json = json;
  }

  /** Inside `stringifyWithRaw`, a placeholder string naming the fragment; elsewhere the parsed value. */
  toJSON(): unknown {
    if (!sink) return JSON.parse(this.json) as unknown;
    sink.push(this.json);
    return `${MARK}${sink.length - 1}`;
  }
}

/**
 * JSON.stringify, with every `RawJson` written as its text. `transform` rewrites the text around the fragments
 * first (QuickBooks unwraps its marked amounts there; the fragments are final already).
 */
export function stringifyWithRaw(body: unknown, transform?: (text: string) => string): string {
  const fragments: string[] = [];
  const outer = sink;
  sink = fragments;
  let text: string;
  try {
    text = JSON.stringify(body);
  } finally {
    sink = outer;
  }
  if (transform) text = transform(text);
  if (fragments.length === 0) return text;
  // Joined from an array rather than concatenated: one flat string, which the response then encodes in one pass
  // (a rope of thousands of pieces cost more to flatten than to build).
  const parts = text.split(QUOTED_MARK);
  const pieces: string[] = [parts[0]!];
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    const end = part.indexOf('"');
    pieces.push(fragments[Number(part.slice(0, end))]!, part.slice(end + 1));
  }
  return pieces.join('');
}
