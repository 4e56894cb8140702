/**
 * The diff's verdicts (`isAssignable`, the relation behind them) against the validators (property
 * test): for random pairs of schemas (an old one and a change of it), values are sampled from both
 * and checked with both schemas' `is`.
 * - input: a change judged non-breaking must accept every sampled value the old schema accepts;
 * - output: a change judged non-breaking must produce (accept) nothing the old schema rejects;
 * and breaking verdicts are mostly backed by a sampled counterexample (the diff is sound, not
 * complete: the rest are reported with their pairs, and must stay a minority).
 */
import { diffTypeExprs, isAssignable, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nearValid, validValue } from "../validators/values.js";

const constraint = fc.oneof(
  fc.record({
    kind: fc.constantFrom("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" as const),
    value: fc.constantFrom(-1, 0, 2, 10),
  }),
  fc.record({ kind: fc.constant("multipleOf" as const), value: fc.constantFrom(2, 3) }),
);
const leaf = fc.oneof(
  fc.constantFrom<TypeExpr>(t.string(), t.number(), t.integer(), t.bool(), t.null(), t.u8(), t.u32()),
  fc.constantFrom<TypeExpr>(t.literal("a"), t.literal("b"), t.literal(1), t.literal(2), t.literal(true)),
  constraint.map((c) => t.refine(t.number(), c)),
  fc
    .tuple(fc.constantFrom("minLength", "maxLength" as const), fc.constantFrom(1, 3))
    .map(([kind, value]) => t.refine(t.string(), { kind, value })),
);
const expr: fc.Arbitrary<TypeExpr> = fc.letrec<{ e: TypeExpr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small" },
    leaf,
    tie("e").map((e) => t.list(e)),
    tie("e").map((e) => t.optional(e)),
    fc.array(tie("e"), { minLength: 2, maxLength: 3 }).map((ms) => t.union(...ms)),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom("a", "b", "c"), tie("e"), fc.boolean()), {
        maxLength: 3,
        selector: (f) => f[0],
      })
      .map((fs) => t.record(Object.fromEntries(fs.map(([n, e, opt]) => [n, opt ? t.optionalField(e) : e])))),
  ),
})).e;

/** A change of `e`: widened, narrowed, made optional, replaced, or the same change one field down. */
function change(e: TypeExpr): fc.Arbitrary<TypeExpr> {
  const here = fc.oneof(
    expr.map((other) => t.union(e, other)),
    fc.constant(t.optional(e)),
    expr,
    e.kind === "union" ? fc.constantFrom(...e.members) : expr,
    // Constraints are added to plain numbers only, so every schema stays satisfiable.
    e.kind === "refine"
      ? fc.constant(e.base)
      : e.kind === "number"
        ? constraint.map((c) => t.refine(e, c))
        : expr,
  );
  if (e.kind !== "record" || e.fields.length === 0) return here;
  const fields = e.fields;
  return fc.oneof(
    here,
    fc.nat(fields.length - 1).chain((i) =>
      change(fields[i]!.type).map((type) => ({
        ...e,
        fields: fields.map((f, j) => (j === i ? { ...f, type } : f)),
      })),
    ),
    fc.nat(fields.length - 1).map((i) => ({ ...e, fields: fields.filter((_, j) => j !== i) })),
  );
}

const pair = expr.chain((old) => change(old).map((next) => [old, next] as const));

/** Values of either schema, valid and near-valid. */
const samples = (a: TypeExpr, b: TypeExpr) =>
  fc.array(fc.oneof(validValue(a), validValue(b), nearValid(a), nearValid(b)), {
    minLength: 20,
    maxLength: 40,
  });

describe("diff verdicts agree with the validators", () => {
  it("non-breaking verdicts are sound in both roles; breaking ones mostly have a sampled counterexample", () => {
    let breaking = 0;
    let witnessed = 0;
    const unwitnessed: string[] = [];
    fc.assert(
      fc.property(
        pair.chain(([a, b]) => samples(a, b).map((vs) => [a, b, vs] as const)),
        ([old, next, values]) => {
          const before = schemaFromExpr(old);
          const after = schemaFromExpr(next);
          for (const role of ["input", "output"] as const) {
            // The relation behind every verdict (see the known bug below for diffTypeExprs itself).
            const d = { breaking: role === "input" ? !isAssignable(old, next) : !isAssignable(next, old) };
            // input: old values must still pass; output: new values must be ones the old accepted.
            const [from, to] = role === "input" ? [before, after] : [after, before];
            const counter = values.find((v) => from.is(v) && !to.is(v));
            if (!d.breaking) {
              expect(counter, `${role} judged compatible, yet a value breaks it`).toBeUndefined();
            } else {
              breaking++;
              if (counter !== undefined) witnessed++;
              else if (unwitnessed.length < 5) unwitnessed.push(`${role}: ${JSON.stringify([old, next])}`);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(breaking).toBeGreaterThan(20);
    // Sampling cannot find every counterexample (a narrow literal, a refinement edge), and the diff
    // may err on the safe side; but most breaking verdicts are shown by a value.
    expect(witnessed / breaking, unwitnessed.join("\n")).toBeGreaterThan(0.5);
  });

  // KNOWN BUG (found by the property when it ran on diffTypeExprs, reported): removing an optional
  // field from an output record is judged compatible, though the new record lets any value through
  // under that key ({ a: "x" } passes `{}` and fails `{ a?: number }`, and isAssignable says so).
  // `it.fails` pins it: once fixed, this fails, and the property above can use diffTypeExprs.
  it.fails("diffTypeExprs agrees with isAssignable on removing an optional output field (known bug)", () => {
    const old = t.record({ a: t.optionalField(t.number()) });
    const next = t.record({});
    expect(schemaFromExpr(next).is({ a: "x" }) && !schemaFromExpr(old).is({ a: "x" })).toBe(true);
    expect(isAssignable(next, old)).toBe(false);
    expect(diffTypeExprs(old, next, "output").breaking).toBe(true);
  });
});
