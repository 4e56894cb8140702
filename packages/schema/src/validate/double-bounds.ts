/**
 * Integer bounds as doubles, for generated range checks: a double `v` is >= `min` exactly when it is
 * >= the smallest double at or above `min` (and likewise for `max`), so `u64` and wider ranges need
 * no BigInt at run time, only two comparisons.
 */

const view = new DataView(new ArrayBuffer(8));

/** The next double towards -Infinity. */
function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits - 1n : bits + 1n);
  return view.getFloat64(0);
}

/** The largest double <= `b` (-Infinity when there is none, the largest finite double past it). */
export function doubleAtMost(b: bigint): number {
  const x = Number(b);
  if (x === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (x === Number.NEGATIVE_INFINITY) return x;
  return BigInt(x) > b ? nextDown(x) : x;
}

/** The smallest double >= `b`. */
export function doubleAtLeast(b: bigint): number {
  return -doubleAtMost(-b);
}

/** `[min, max]` of a range as JS number literals for generated code. */
export function rangeLiterals(min: string, max: string): [string, string] {
  const lit = (x: number) => (Number.isFinite(x) ? String(x) : x > 0 ? "Infinity" : "-Infinity");
  return [lit(doubleAtLeast(BigInt(min))), lit(doubleAtMost(BigInt(max)))];
}
