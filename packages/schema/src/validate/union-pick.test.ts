import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { t } from "../builders.js";
import type { ExprOf, TypeExpr } from "../type-expr.js";
import { type MemberPlan, pickerSource, pickMember, unionPlan } from "./union-pick.js";

const KEYS_WIDE = Array.from({ length: 20 }, (_, i) => `w${i}`);
// Unions whose members differ in the ways picking looks at: value kinds, tags, required and
// optional keys, keys named like Object.prototype's, tuple lengths.
const point = t.record({ x: t.number(), y: t.number() });
const UNIONS: Record<string, TypeExpr> = {
  figure: t.union(
    t.record({ center: point, radius: t.number() }),
    t.record({ origin: point, width: t.number(), height: t.number() }),
    t.record({ points: t.list(point), closed: t.bool() }),
  ),
  tagged: t.union(
    t.record({ kind: t.literal("a"), x: t.number(), note: t.optionalField(t.string()) }),
    t.record({ kind: t.literal("b"), y: t.string(), constructor: t.string() }),
    t.record({ kind: t.literal(1), toString: t.optionalField(t.bool()) }),
  ),
  mixed: t.union(
    t.string(),
    t.null(),
    t.tuple(t.number(), t.string()),
    t.tuple(t.number(), t.restElement(t.bool())),
    t.record({ a: t.string() }),
    t.date(),
    t.map(t.string(), t.number()),
    t.bytes(),
  ),
  anything: t.union(t.any(), t.record({ a: t.number() }), t.list(t.string())),
  // More names than the picker's switch takes (a Set instead).
  wide: t.union(
    t.record(Object.fromEntries(KEYS_WIDE.map((k) => [k, t.number()]))),
    t.record({ x: t.number(), extra: t.optionalField(t.string()) }),
  ),
};

const KEYS = ["center", "radius", "origin", "width", "height", "points", "closed", "kind", "x", "y"];
const OTHER_KEYS = ["note", "constructor", "toString", "a", "extra", ...KEYS_WIDE.slice(0, 4)];
const small = fc.oneof(
  fc.constantFrom("a", "b", 1, 0, true, null, undefined, "x"),
  fc.integer(),
  fc.string({ maxLength: 3 }),
);
const value = fc.oneof(
  fc.dictionary(fc.constantFrom(...KEYS, ...OTHER_KEYS), small, { maxKeys: 6 }),
  fc.array(small, { maxLength: 4 }),
  fc.constantFrom(new Date(0), new Map(), new Set(), new Uint8Array(2), () => 1, 5n, Symbol("s")),
  fc.anything(),
);

describe("pickerSource", () => {
  for (const [name, union] of Object.entries(UNIONS)) {
    it(`${name}: the specialized picker answers as pickMember on every value`, () => {
      const plan: MemberPlan[] = unionPlan(union as ExprOf<"union">, []);
      const pick = new Function(`return ${pickerSource(plan)};`)() as (v: unknown) => number;
      let picked = 0;
      fc.assert(
        fc.property(value, (v) => {
          const expected = pickMember(plan, v);
          if (expected >= 0) picked++;
          expect(pick(v)).toBe(expected);
        }),
        { numRuns: 2000, seed: 18 },
      );
      // The values reach members, not only the "no best member" answer.
      expect(picked).toBeGreaterThan(100);
    });
  }
});
