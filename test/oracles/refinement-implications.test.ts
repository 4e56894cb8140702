/**
 * Refinement implications of the diff (`isAssignable` between two refined types) checked against the
 * validators by sampling: a set of values that contains every boundary and the floating point
 * neighbours of every boundary decides, for one constraint against another, whether every value
 * the source accepts is accepted by the target. `isAssignable` must give exactly that answer (sound:
 * never "assignable" with a counterexample in the sample; complete on these single-constraint
 * pairs, except where a reason is stated).
 */
import { type Constraint, isAssignable, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import { describe, expect, it } from "vitest";

const NUMERIC = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const;
const BOUNDS = [-1, 0, 2, 2.5, 10];
const STEPS = [0.5, 2, 3, 4, 6];
const LENGTHS = [1, 3, 5];

const up = (x: number) => x + Math.max(Math.abs(x), 1) * Number.EPSILON;
const down = (x: number) => x - Math.max(Math.abs(x), 1) * Number.EPSILON;

/** Every bound, its neighbours, halves, integers around them, the infinities, NaN and huge values. */
const NUMBERS = [
  ...new Set([
    ...BOUNDS.flatMap((b) => [b, up(b), down(b), b - 0.5, b + 0.5]),
    ...Array.from({ length: 61 }, (_, i) => (i - 30) / 2),
    ...STEPS.flatMap((s) => Array.from({ length: 13 }, (_, k) => s * (k - 6))),
    1e300,
    -1e300,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NaN,
  ]),
];
/** Strings of every length from 0 to 8, in ASCII and outside the BMP (a code point of 2 UTF-16 units). */
const STRINGS = Array.from({ length: 9 }, (_, n) => [
  "a".repeat(n),
  "😀".repeat(n),
  `${"b".repeat(n)}😀`,
]).flat();

const numeric: Constraint[] = [
  ...NUMERIC.flatMap((kind) => BOUNDS.map((value) => ({ kind, value }))),
  ...STEPS.map((value) => ({ kind: "multipleOf" as const, value })),
];
const lengths: Constraint[] = (["minLength", "maxLength"] as const).flatMap((kind) =>
  LENGTHS.map((value) => ({ kind, value })),
);

/** The sampled answer: a value the source accepts and the target rejects, if there is one. */
function counterexample(from: TypeExpr, to: TypeExpr, sample: readonly unknown[]): { found: unknown } | null {
  const a = schemaFromExpr(from);
  const b = schemaFromExpr(to);
  for (const v of sample) if (a.is(v) && !b.is(v)) return { found: v };
  return null;
}

function table(base: TypeExpr, constraints: readonly Constraint[], sample: readonly unknown[]) {
  const wrong: string[] = [];
  let assignable = 0;
  for (const d of constraints) {
    for (const c of constraints) {
      const from = t.refine(base, d);
      const to = t.refine(base, c);
      const verdict = isAssignable(from, to);
      const cx = counterexample(from, to, sample);
      if (verdict && cx)
        wrong.push(`${d.kind} ${d.value} -> ${c.kind} ${c.value}: unsound, ${String(cx.found)}`);
      if (!verdict && !cx) wrong.push(`${d.kind} ${d.value} -> ${c.kind} ${c.value}: no counterexample`);
      if (verdict) assignable++;
    }
  }
  return { wrong, assignable };
}

describe("refinement implications agree with the validators", () => {
  it("numeric bounds and multipleOf, every pair in both directions", () => {
    const { wrong, assignable } = table(t.number(), numeric, NUMBERS);
    expect(wrong).toEqual([]);
    // Both answers occur: the table is not decided by one of them.
    expect(assignable).toBeGreaterThan(30);
    expect(assignable).toBeLessThan(numeric.length ** 2 - 30);
  });

  it("string lengths, every pair in both directions", () => {
    const { wrong, assignable } = table(t.string(), lengths, STRINGS);
    expect(wrong).toEqual([]);
    expect(assignable).toBeGreaterThan(3);
  });

  it("an interval implies a looser interval and no tighter one", () => {
    const interval = (lo: Constraint, hi: Constraint) => t.refine(t.number(), lo, hi);
    const closed = interval({ kind: "minimum", value: 0 }, { kind: "maximum", value: 10 });
    const open = interval({ kind: "exclusiveMinimum", value: 0 }, { kind: "exclusiveMaximum", value: 10 });
    expect(isAssignable(open, closed)).toBe(true);
    expect(isAssignable(closed, open)).toBe(false);
    expect(counterexample(closed, open, NUMBERS)).not.toBeNull();
    expect(counterexample(open, closed, NUMBERS)).toBeNull();
  });

  it("patterns and formats: only the same one is implied (a stated reason, not sampled)", () => {
    // Containment of regular languages is not decided by the diff: a different pattern or format is
    // reported as a change even where one implies the other, which errs on the safe side.
    const pat = (value: string): TypeExpr => t.refine(t.string(), { kind: "pattern", value });
    const fmt = (value: string): TypeExpr => t.refine(t.string(), { kind: "format", value });
    expect(isAssignable(pat("^a+$"), pat("^a+$"))).toBe(true);
    expect(isAssignable(fmt("email"), fmt("email"))).toBe(true);
    expect(isAssignable(pat("^a+$"), pat("^a"))).toBe(false);
    expect(isAssignable(fmt("date-time"), fmt("date"))).toBe(false);
    expect(isAssignable(t.string(), pat("^a"))).toBe(false);
    expect(isAssignable(pat("^a"), t.string())).toBe(true);
  });
});
