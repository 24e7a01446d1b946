/**
 * A small seeded PRNG (mulberry32) so that the same seed always yields the same book. Math.random is never
 * used by the generator: determinism is what lets tests and benchmarks name a record by its seed.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max], both inclusive. */
  between(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
  };
}

/** A stable 32-bit hash of a string (FNV-1a), to derive seeds from ids. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HEX = '0123456789abcdef';
const guidBytes = Buffer.alloc(36);

/**
 * A version-4-shaped GUID drawn from `random` (Xero ids are GUIDs). Written into a buffer and decoded once so
 * the result is one flat string: concatenating 36 pieces would leave a rope that costs ~10× the memory, which
 * matters for a million-invoice book.
 */
export function randomGuid(random: Random): string {
  let word = 0;
  for (let i = 0, nibble = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      guidBytes[i] = 0x2d; // '-'
      continue;
    }
    if (nibble % 8 === 0) word = random.int(0x1_0000_0000);
    let digit = word & 15;
    word >>>= 4;
    nibble++;
    if (i === 14) digit = 4;
    else if (i === 19) digit = 8 + (digit & 3);
    guidBytes[i] = HEX.charCodeAt(digit);
  }
  return guidBytes.toString('latin1');
}
