import { describe, expect, it } from "vitest";
import { doubleAtLeast, doubleAtMost, rangeLiterals } from "./double-bounds.js";

// Integer-valued doubles around `b`, walking the bit patterns (the oracle is BigInt comparison).
function around(b: bigint): number[] {
  const view = new DataView(new ArrayBuffer(8));
  const x = Number(b);
  if (!Number.isFinite(x)) return [];
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const out: number[] = [];
  for (let d = -3n; d <= 3n; d++) {
    view.setBigUint64(0, bits + d);
    const y = view.getFloat64(0);
    if (Number.isInteger(y)) out.push(x < 0 ? -y : y);
  }
  return out;
}

const BOUNDS = [
  0n,
  1n,
  -1n,
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  2n ** 64n - 1n,
  2n ** 63n - 1n,
  -(2n ** 63n),
  -(2n ** 63n) - 1n,
  10n ** 30n + 7n,
  -(10n ** 30n) - 7n,
  2n ** 127n - 1n,
];

describe("range bounds as doubles", () => {
  it("a double is within a BigInt bound exactly when it is within the double bound", () => {
    for (const b of BOUNDS) {
      const hi = doubleAtMost(b);
      const lo = doubleAtLeast(b);
      for (const v of [...around(b), hi, lo]) {
        expect(v <= hi, `${v} <= ${b}`).toBe(BigInt(v) <= b);
        expect(v >= lo, `${v} >= ${b}`).toBe(BigInt(v) >= b);
      }
    }
  });

  it("u64 and bounds past the largest double", () => {
    expect(rangeLiterals("0", (2n ** 64n - 1n).toString())).toEqual(["0", "18446744073709550000"]);
    expect(doubleAtMost(2n ** 64n - 1n)).toBeLessThan(2 ** 64);
    expect(doubleAtMost(10n ** 400n)).toBe(Number.MAX_VALUE);
    expect(rangeLiterals((-(10n ** 400n)).toString(), "0")).toEqual([String(-Number.MAX_VALUE), "0"]);
    expect(doubleAtMost(-(10n ** 400n))).toBe(Number.NEGATIVE_INFINITY);
  });
});
