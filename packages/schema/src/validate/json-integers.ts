/**
 * Integers as JSON Schema can state them: the doubles that bound an integer range exactly, and
 * anchored patterns over decimal strings (how bigints, and integer dictionary keys, appear in JSON).
 */

/** The largest double <= b: an integer-valued double v is <= b exactly when v <= doubleAtMost(b). */
export function doubleAtMost(b: bigint): number {
  let x = Number(b);
  if (x === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (x === Number.NEGATIVE_INFINITY) return x;
  if (BigInt(x) > b) x = nextDouble(x, -1);
  return x;
}

/** The smallest double >= b. */
export function doubleAtLeast(b: bigint): number {
  return -doubleAtMost(-b);
}

/** The neighbouring double of a finite, non-zero x (range bounds beyond 2^53 are never zero). */
function nextDouble(x: number, direction: 1 | -1): number {
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  // For positive x a larger bit pattern is a larger double; for negative x it is a smaller one.
  bits[0] = bits[0]! + BigInt(x > 0 ? direction : -direction);
  return f[0]!;
}

/**
 * An anchored pattern matching exactly the decimal strings `String(n)` of the integers n in
 * [lo, hi] (an absent bound is unbounded): no leading zeros, no "-0". Undefined when the range is empty.
 */
export function integerStringPattern(lo?: bigint, hi?: bigint): string | undefined {
  if (lo !== undefined && hi !== undefined && lo > hi) return undefined;
  const alternatives: string[] = [];
  if (lo === undefined || lo < 0n) {
    // Negative numbers: "-" then the magnitudes max(1, -hi) .. -lo.
    const from = hi === undefined || hi >= 0n ? 1n : -hi;
    alternatives.push(`-(?:${naturalPattern(from, lo === undefined ? undefined : -lo)})`);
  }
  if (hi === undefined || hi >= 0n) {
    alternatives.push(naturalPattern(lo === undefined || lo < 0n ? 0n : lo, hi));
  }
  return `^(?:${alternatives.join("|")})$`;
}

/** Decimal strings of the integers in [from, to] (0 <= from <= to; to absent: unbounded). */
function naturalPattern(from: bigint, to: bigint | undefined): string {
  const fromDigits = String(from).length;
  const toDigits = to === undefined ? fromDigits : String(to).length;
  const parts: string[] = [];
  for (let n = fromDigits; n <= toDigits; n++) {
    const low = n === fromDigits ? String(from) : `1${"0".repeat(n - 1)}`;
    const high = to !== undefined && n === toDigits ? String(to) : "9".repeat(n);
    parts.push(sameLengthPattern(low, high));
  }
  if (to === undefined) parts.push(`[1-9][0-9]{${fromDigits},}`);
  return parts.join("|");
}

/** Digit strings of one length between low and high (low <= high), digit by digit. */
function sameLengthPattern(low: string, high: string): string {
  if (low === high) return low;
  const rest = low.length - 1;
  const [l, h] = [Number(low[0]), Number(high[0])];
  const lowRest = low.slice(1);
  const highRest = high.slice(1);
  const any = rest === 0 ? "" : rest === 1 ? "[0-9]" : `[0-9]{${rest}}`;
  if (l === h) return `${l}(?:${sameLengthPattern(lowRest, highRest)})`;
  if (/^0*$/.test(lowRest) && /^9*$/.test(highRest)) return `${digits(l, h)}${any}`;
  const parts = [`${l}(?:${sameLengthPattern(lowRest, "9".repeat(rest))})`];
  if (h - l > 1) parts.push(`${digits(l + 1, h - 1)}${any}`);
  parts.push(`${h}(?:${sameLengthPattern("0".repeat(rest), highRest)})`);
  return parts.join("|");
}

const digits = (from: number, to: number) => (from === to ? String(from) : `[${from}-${to}]`);
