/**
 * The diff's verdicts (`isAssignable`, the relation behind them) against the validators (property
 * test): for random pairs of schemas (an old one and a change of it), values are sampled from both
 * and checked with both schemas' `is`.
 * - input: a change judged non-breaking must accept every sampled value the old schema accepts;
 * - output: a change judged non-breaking must produce (accept) nothing the old schema rejects;
 * - every breaking verdict comes with a counterexample: a sampled value, a probe read from the schemas
 *   (boundaries, literals, `undefined`, valid values of every part) or a sampled value with one part
 *   replaced (witnesses.ts); or, where none shows it, a reason from the documented list UNSAMPLEABLE
 *   whose condition holds for the pair.
 */
import { diffTypeExprs, isAssignable, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { breathe, runs } from "../support/breathe.js";
import { nearValid, validValue } from "../validators/values.js";
import {
  eraseRefinements,
  fieldNames,
  probes,
  UNSAMPLEABLE,
  type UnsampleableReason,
  variants,
} from "./witnesses.js";

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

/** A value `from` accepts and `to` rejects, among the samples, the probes and the samples' variants. */
function counterexample(from: Schema, to: Schema, values: unknown[], scalars: unknown[], names: string[]) {
  const candidates = function* () {
    yield* values;
    yield* scalars;
    for (const v of values) if (from.is(v)) yield* variants(v, scalars, names);
  };
  for (const v of candidates()) if (from.is(v) && !to.is(v)) return { value: v };
  return undefined;
}
type Schema = ReturnType<typeof schemaFromExpr>;

/** The documented reason (witnesses.ts) a breaking verdict has no counterexample, where its condition holds. */
function reasonFor(old: TypeExpr, next: TypeExpr, role: "input" | "output"): UnsampleableReason | undefined {
  const [a, b] = role === "input" ? [old, next] : [next, old];
  if (isAssignable(eraseRefinements(a), eraseRefinements(b))) return "refinement-cover";
  return undefined;
}

describe("diff verdicts agree with the validators", () => {
  it("non-breaking verdicts are sound in both roles; every breaking one has a counterexample or a documented reason", async () => {
    let breaking = 0;
    const reasons = new Map<string, number>();
    const unexplained: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        pair.chain(([a, b]) => samples(a, b).map((vs) => [a, b, vs] as const)),
        async ([old, next, values]) => {
          await breathe();
          const before = schemaFromExpr(old);
          const after = schemaFromExpr(next);
          const scalars = probes(old, next);
          const names = fieldNames(old, next);
          for (const role of ["input", "output"] as const) {
            // The relation behind every verdict (see the known bug below for diffTypeExprs itself).
            const d = { breaking: role === "input" ? !isAssignable(old, next) : !isAssignable(next, old) };
            // input: old values must still pass; output: new values must be ones the old accepted.
            const [from, to] = role === "input" ? [before, after] : [after, before];
            const counter = counterexample(from, to, values, scalars, names);
            if (!d.breaking) {
              expect(counter, `${role} judged compatible, yet a value breaks it`).toBeUndefined();
            } else {
              breaking++;
              if (counter !== undefined) continue;
              const reason = reasonFor(old, next, role);
              if (reason === undefined) unexplained.push(`${role}: ${JSON.stringify([old, next])}`);
              else reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
            }
          }
        },
      ),
      { numRuns: runs(150) },
    );
    expect(breaking).toBeGreaterThan(runs(150) / 8);
    expect(unexplained).toEqual([]);
    for (const reason of reasons.keys()) expect(Object.keys(UNSAMPLEABLE)).toContain(reason);
    // The reasons are the exception: almost every breaking verdict is shown by a value.
    const explained = [...reasons.values()].reduce((a, b) => a + b, 0);
    expect(explained / breaking).toBeLessThan(0.05);
  });

  it("each documented reason is needed: its pair has no counterexample among the probes, and it is breaking", () => {
    // u8 against numbers >= 0 or <= 0 (every number), integer against multiples of 3, and strings
    // against strings of at most 3 or at least 1 character (every string).
    const cases: [TypeExpr, TypeExpr, "input" | "output"][] = [
      [
        t.u8(),
        t.union(
          t.refine(t.number(), { kind: "minimum", value: 0 }),
          t.refine(t.number(), { kind: "maximum", value: 0 }),
        ),
        "input",
      ],
      [t.integer(), t.refine(t.number(), { kind: "multipleOf", value: 3 }), "output"],
      [
        t.union(
          t.refine(t.string(), { kind: "maxLength", value: 3 }),
          t.refine(t.string(), { kind: "minLength", value: 1 }),
        ),
        t.string(),
        "output",
      ],
    ];
    for (const [old, next, role] of cases) {
      const [from, to] = role === "input" ? [old, next] : [next, old];
      expect(isAssignable(from, to)).toBe(false);
      const counter = counterexample(schemaFromExpr(from), schemaFromExpr(to), [], probes(old, next), []);
      expect(counter).toBeUndefined();
      expect(reasonFor(old, next, role)).toBe("refinement-cover");
    }
  });

  it("a reason is not accepted where its condition fails: a change of structure or of a literal", () => {
    expect(reasonFor(t.string(), t.literal("a"), "input")).toBeUndefined();
    expect(reasonFor(t.optional(t.string()), t.string(), "input")).toBeUndefined();
    expect(reasonFor(t.record({ a: t.number() }), t.record({}), "output")).toBeUndefined();
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
