/**
 * `measure` and `weightOf` against a plain recursive reading of their documentation (limits.ts,
 * measure.ts): depth 0 for a scalar and 1 + the deepest part for a list or record; weight 1 per
 * scalar, 1 + length per string, 1 + its 64-bit words per integer beyond 64 bits, 1 per list or
 * record plus its parts plus its keys' characters, shared parts counted each time. The oracle never
 * remembers anything, so the measure's cache and packing are checked too; the bounds are exact.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LispError } from "./errors.js";
import { MAX_INT_BITS, MAX_NESTING, MAX_WEIGHT } from "./limits.js";
import { measure, weightOf } from "./measure.js";
import { Rec, type Value } from "./values.js";

const POS = { line: 3, column: 7 };

/** 1 + the number of 64-bit words of |v| when |v| >= 2^64 (by the magnitude's bit length). */
function intWeight(v: bigint): number {
  const magnitude = v < 0n ? -v : v;
  if (magnitude < 1n << 64n) return 1;
  // hexadecimal digits of the magnitude, 16 per word (the doc's "size in words")
  return 1 + Math.ceil(magnitude.toString(16).length / 16);
}

function oracle(v: Value): { depth: number; weight: number } {
  if (typeof v === "string") return { depth: 0, weight: 1 + v.length };
  if (typeof v === "bigint") return { depth: 0, weight: intWeight(v) };
  const parts = Array.isArray(v) ? v : v instanceof Rec ? [...v.entries.values()] : undefined;
  if (parts === undefined) return { depth: 0, weight: 1 };
  let depth = 0;
  let weight = 1;
  for (const p of parts) {
    const m = oracle(p);
    depth = Math.max(depth, m.depth);
    weight += m.weight;
  }
  if (v instanceof Rec) for (const k of v.entries.keys()) weight += k.length;
  return { depth: depth + 1, weight };
}

const codeOf = (f: () => unknown): string => {
  try {
    f();
    return "ok";
  } catch (e) {
    if (e instanceof LispError) return `${e.code}@${e.pos?.line}:${e.pos?.column}`;
    throw e;
  }
};

const scalar = fc.oneof(
  fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }),
  fc.constantFrom<Value>(1n << 64n, -(1n << 64n), (1n << 64n) - 1n, -((1n << 64n) - 1n), 0n, 1.5, true, null),
  fc.string({ maxLength: 80 }),
);
const value: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    scalar,
    fc.array(tie("v"), { maxLength: 70 }),
    fc
      .dictionary(fc.string({ maxLength: 6 }), tie("v"), { maxKeys: 5 })
      .map((o) => new Rec(new Map(Object.entries(o)))),
  ),
})).v;

const nest = (n: number, inner: Value = 1n): Value => {
  let v = inner;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};
const nestRec = (n: number): Value => {
  let v: Value = 1n;
  for (let i = 0; i < n; i++) v = new Rec(new Map([["k", v]]));
  return v;
};

describe("measure (runtime/src/lisp/measure.ts)", () => {
  it("agrees with the plain reading on random values, measured twice (the second time from its cache)", () => {
    fc.assert(
      fc.property(value, (v) => {
        const want = oracle(v);
        expect(measure(v, POS)).toEqual(want);
        expect(measure(v, POS)).toEqual(want);
        // weightOf charges a bare scalar other than a string 1 (its doc), whatever the integer's size.
        expect(weightOf(v, POS)).toBe(typeof v === "bigint" ? 1 : want.weight);
        // As a part of a list, twice: the parent pays the whole weight each time.
        expect(measure([v, v], POS)).toEqual({ depth: want.depth + 1, weight: 1 + 2 * want.weight });
      }),
      { numRuns: 300 },
    );
  });

  it("integers: 1 up to 64 bits, then 1 + their 64-bit words; past MAX_INT_BITS an error", () => {
    const w = (v: bigint) => measure(v, POS).weight;
    expect(w((1n << 64n) - 1n)).toBe(1);
    expect(w(-((1n << 64n) - 1n))).toBe(1);
    expect(w(1n << 64n)).toBe(3); // 17 hex digits: 2 words
    expect(w(-(1n << 64n))).toBe(3);
    expect(w((1n << 128n) - 1n)).toBe(3); // 32 hex digits: 2 words
    expect(w(1n << 128n)).toBe(4);
    const big = (1n << BigInt(MAX_INT_BITS)) - 1n;
    expect(w(big)).toBe(1 + MAX_INT_BITS / 64);
    expect(measure([big, big], POS).weight).toBe(1 + 2 * (1 + MAX_INT_BITS / 64));
    expect(codeOf(() => measure(big + 1n, POS))).toBe("LISP4009_NUMBER_TOO_LARGE@3:7");
    expect(codeOf(() => measure([-(big + 1n)], POS))).toBe("LISP4009_NUMBER_TOO_LARGE@3:7");
  });

  it("scalars other than strings and integers weigh 1; a string 1 + its length", () => {
    for (const v of [1.5, true, false, null] as Value[])
      expect(measure(v, POS)).toEqual({ depth: 0, weight: 1 });
    expect(measure("", POS)).toEqual({ depth: 0, weight: 1 });
    expect(weightOf("abc", POS)).toBe(4);
    expect(measure(new Rec(new Map()), POS)).toEqual({ depth: 1, weight: 1 });
    expect(measure(new Rec(new Map([["key", 1n]])), POS)).toEqual({ depth: 1, weight: 5 });
  });

  it(`nesting: ${MAX_NESTING} lists or records deep is allowed, one more is an error at the position`, () => {
    expect(measure(nest(MAX_NESTING), POS).depth).toBe(MAX_NESTING);
    expect(measure(nestRec(MAX_NESTING), POS).depth).toBe(MAX_NESTING);
    expect(codeOf(() => measure(nest(MAX_NESTING + 1), POS))).toBe("LISP4010_VALUE_TOO_DEEP@3:7");
    expect(codeOf(() => measure(nestRec(MAX_NESTING + 1), POS))).toBe("LISP4010_VALUE_TOO_DEEP@3:7");
    expect(codeOf(() => weightOf(nest(MAX_NESTING + 1), POS))).toBe("LISP4010_VALUE_TOO_DEEP@3:7");
    // A heavy (remembered) value measured alone, then nested to one past the bound.
    const heavy = nest(
      MAX_NESTING - 1,
      Array.from({ length: 100 }, () => 1n),
    );
    expect(measure(heavy, POS).depth).toBe(MAX_NESTING);
    expect(codeOf(() => measure([heavy], POS))).toBe("LISP4010_VALUE_TOO_DEEP@3:7");
    // Far deeper than the bound: refused at the bound, not by a stack overflow.
    expect(codeOf(() => measure(nest(100_000), POS))).toBe("LISP4010_VALUE_TOO_DEEP@3:7");
  });

  it(`weight: exactly ${MAX_WEIGHT} is allowed, one more is an error (strings, elements, keys)`, () => {
    expect(weightOf("x".repeat(MAX_WEIGHT - 1), POS)).toBe(MAX_WEIGHT);
    expect(measure(["x".repeat(MAX_WEIGHT - 2)], POS).weight).toBe(MAX_WEIGHT);
    expect(codeOf(() => measure(["x".repeat(MAX_WEIGHT - 1)], POS))).toBe("LISP4007_TOO_LARGE@3:7");
    const ones = (n: number): Value => Array.from({ length: n }, () => 1n);
    expect(measure(ones(MAX_WEIGHT - 1), POS).weight).toBe(MAX_WEIGHT);
    expect(codeOf(() => measure(ones(MAX_WEIGHT), POS))).toBe("LISP4007_TOO_LARGE@3:7");
    const keyed = (keyLength: number) => new Rec(new Map([["k".repeat(keyLength), 1n]]));
    expect(measure(keyed(MAX_WEIGHT - 2), POS).weight).toBe(MAX_WEIGHT);
    expect(codeOf(() => measure(keyed(MAX_WEIGHT - 1), POS))).toBe("LISP4007_TOO_LARGE@3:7");
  });

  it("shared parts count each time: a list holding one list twice, 100 times over, is refused at once", () => {
    let v: Value = [1n];
    for (let i = 0; i < 100; i++) v = [v, v];
    const started = performance.now();
    expect(codeOf(() => measure(v, POS))).toBe("LISP4007_TOO_LARGE@3:7");
    expect(performance.now() - started).toBeLessThan(2_000);
    // 18 doublings weigh 2^19 - 1 + 2^18 (each [x] of the innermost counted), within the bound.
    let w: Value = [1n];
    for (let i = 0; i < 18; i++) w = [w, w];
    expect(measure(w, POS)).toEqual(oracle(w));
  });
});
