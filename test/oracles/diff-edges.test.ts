/**
 * Edges of `isAssignable` and `diffTypeExprs` that the catalogue (diff-table) and the change cases
 * (diff-changes) do not reach: each case came from a mutant of diff/assignable.ts or diff/diff.ts that
 * survived the module's complete Stryker run (mutation/README.md, "The diff module").
 *
 * Oracles: a verdict "not assignable" is backed by a counterexample the validators show (a value the
 * source accepts and the target rejects); "assignable" by the validators on sampled values of the
 * source (none rejected by the target) and by the set reasoning stated beside it; the changes a diff
 * lists by docs/cli.md (a path per changed place, the verdict table, the optional-field policy).
 */
import {
  canonicalize,
  diffTypeExprs,
  isAssignable,
  type SchemaRole,
  schemaFromExpr,
  type TypeExpr,
  t,
} from "@causality/schema";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nearValid, validValue } from "../validators/values.js";

/** The validators agree that `value` separates the two: `from` accepts it, `to` rejects it. */
function separates(from: TypeExpr, to: TypeExpr, value: unknown): void {
  expect(schemaFromExpr(from).is(value), "the source accepts the counterexample").toBe(true);
  expect(schemaFromExpr(to).is(value), "the target rejects the counterexample").toBe(false);
}

/** No sampled value of `from` (valid and near-valid ones) is rejected by `to`. */
function noCounterexample(from: TypeExpr, to: TypeExpr): void {
  const a = schemaFromExpr(from);
  const b = schemaFromExpr(to);
  const values = [
    ...fc.sample(validValue(from), { numRuns: 60, seed: 3 }),
    ...fc.sample(nearValid(from), { numRuns: 60, seed: 4 }),
  ];
  expect(values.filter((v) => a.is(v)).length).toBeGreaterThan(10);
  expect(values.filter((v) => a.is(v) && !b.is(v))).toEqual([]);
}

describe("isAssignable: recursion", () => {
  it("a pair proven while a failing pair was assumed is taken back with it (found by the run: it was kept, and a later union member read it as true)", () => {
    // S = μX.{ a: null | X, z: string | number, zz: { a: null | X, z: string } }, T = μY.{ a: null | Y, z: string }.
    // Against T, S fails (z), but on the way `S <: null | Y` was proven assuming `S <: T`. The union
    // tries T first (canonical order), then { zz: T }, whose check met `S <: null | Y` again.
    const S = t.recursive("X", (x) =>
      t.record({
        a: t.union(t.null(), x),
        z: t.union(t.string(), t.number()),
        zz: t.record({ a: t.union(t.null(), x), z: t.string() }),
      }),
    );
    const T = t.recursive("Y", (y) => t.record({ a: t.union(t.null(), y), z: t.string() }));
    const to = t.union(T, t.record({ zz: T }));
    expect((canonicalize(to) as { members: TypeExpr[] }).members.map((m) => m.kind)).toEqual([
      "recursive",
      "record",
    ]);
    // zz.a holds an S whose z is a number: { zz: T } rejects it.
    const inner = { a: null, z: 5, zz: { a: null, z: "x" } };
    separates(S, to, { a: null, z: 1, zz: { a: inner, z: "x" } });
    expect(isAssignable(S, to)).toBe(false);
    expect(isAssignable(S, t.record({ zz: T }))).toBe(false);
    // A failed pair itself is not kept: the second member meets it again and must fail it again.
    const L = (head: TypeExpr) => t.recursive("L", (l) => t.record({ head, tail: t.union(t.null(), l) }));
    const from = t.record({ k: L(t.number()) });
    const target = t.union(t.record({ k: L(t.string()) }), t.record({ k: L(t.string()), m: t.any() }));
    separates(from, target, { k: { head: 1, tail: null } });
    expect(isAssignable(from, target)).toBe(false);
    expect(isAssignable(t.record({ k: L(t.literal("a")) }), target)).toBe(true);
    noCounterexample(t.record({ k: L(t.literal("a")) }), target);
  });

  it("an open subterm with the same id means the same type only under the same binders", () => {
    // S = μX.{ q: { a: null | { w: X } }, z: string }; the target's q is μY.{ a: null | { w: Y } }.
    // `{ w: X }` and `{ w: Y }` have one id (de Bruijn refs), but X is S and Y the target's q.
    const S = t.recursive("X", (x) =>
      t.record({ q: t.record({ a: t.union(t.null(), t.record({ w: x })) }), z: t.string() }),
    );
    const Q = t.recursive("Y", (y) => t.record({ a: t.union(t.null(), t.record({ w: y })) }));
    const to = t.record({ q: Q });
    separates(S, to, { q: { a: { w: { q: { a: null }, z: "x" } } }, z: "x" });
    expect(isAssignable(S, to)).toBe(false);
    expect(isAssignable(S, S)).toBe(true);
  });

  it("the error for a ref outside its binder says what is wrong", () => {
    const tree = canonicalize(t.recursive("T", (self) => t.record({ kids: t.list(self) })));
    const kid = (tree as { body: { fields: { type: { element: TypeExpr } }[] } }).body.fields[0]!.type
      .element;
    expect(() => isAssignable(kid, t.any())).toThrow(/CX1005_UNBOUND_REF at \$: .*(binder|recursi)/);
  });
});

describe("isAssignable: an intersection against a union or optional containing it", () => {
  it("`A & B` is in `(A & B) | undefined` and `(A & B) | string` (found: judged not assignable, so adding undefined was breaking)", () => {
    const both = t.intersection(t.record({ a: t.string() }), t.record({ b: t.number() }));
    // The values of `A & B` are those of `{ a: string, b: number }` (the generators do not build intersections).
    const values = fc
      .sample(validValue(t.record({ a: t.string(), b: t.number() })), { numRuns: 60, seed: 5 })
      .filter((v) => schemaFromExpr(both).is(v));
    expect(values.length).toBeGreaterThan(10);
    for (const to of [t.optional(both), t.union(both, t.string())]) {
      expect(isAssignable(both, to)).toBe(true);
      expect(values.filter((v) => !schemaFromExpr(to).is(v))).toEqual([]);
    }
    // docs/cli.md: widened is ok for an input, breaking for an output.
    const d = (role: SchemaRole) =>
      diffTypeExprs(t.record({ x: both }), t.record({ x: t.optionalField(both) }), role, "T");
    expect(d("input")).toMatchObject({ direction: "widened", breaking: false });
    expect(d("output")).toMatchObject({ direction: "widened", breaking: true });
    expect(diffTypeExprs(both, t.optional(both), "input", "T")).toMatchObject({
      direction: "widened",
      breaking: false,
    });
    // Still sound: an intersection a union member does not hold is refused.
    const other = t.union(t.record({ a: t.number() }), t.undefined());
    separates(both, other, { a: "x", b: 1 });
    expect(isAssignable(both, other)).toBe(false);
  });
});

describe("isAssignable: a record against a discriminated union", () => {
  const tagged = (tag: string, v: TypeExpr) => t.record({ kind: t.literal(tag), v });
  const union = t.union(tagged("a", t.string()), tagged("b", t.number()));

  it("reaches the member with the source's tag, whatever the source's other fields", () => {
    // `{ kind: "a", v: "x" }` and `{ a: "x", kind: "a", v: string }` are values of `{ kind: "a", v: string }`
    // (a record ignores keys it does not declare): both fit the union.
    for (const from of [
      t.record({ kind: t.literal("a"), v: t.literal("x") }),
      t.record({ a: t.literal("x"), kind: t.literal("a"), v: t.string() }),
      t.record({ a: t.literal("b"), kind: t.literal("b"), v: t.literal(1) }),
    ]) {
      expect(isAssignable(from, union)).toBe(true);
      noCounterexample(from, union);
    }
    const wrong = t.record({ kind: t.literal("b"), v: t.string() });
    separates(wrong, union, { kind: "b", v: "x" });
    expect(isAssignable(wrong, union)).toBe(false);
  });
});

describe("isAssignable: literals and refinements against bounds", () => {
  it("a bigint literal or range outside a bigint range is not assignable", () => {
    const r = t.bigintRange;
    const cases: [TypeExpr, TypeExpr, bigint][] = [
      [t.bigintLiteral(11n), r(0n, 10n), 11n],
      [t.bigintLiteral(-1n), r(0n, 10n), -1n],
      [r(0n, 10n), r(5n, 100n), 0n],
      [r(0n, 10n), r(-5n, 5n), 10n],
    ];
    for (const [from, to, value] of cases) {
      separates(from, to, value);
      expect(isAssignable(from, to)).toBe(false);
    }
    expect(isAssignable(t.bigintLiteral(10n), r(0n, 10n))).toBe(true);
    expect(isAssignable(r(0n, 10n), r(0n, 10n))).toBe(true);
  });

  it("a number literal above a maximum is not assignable", () => {
    const atMost10 = t.refine(t.number(), { kind: "maximum", value: 10 });
    separates(t.literal(11), atMost10, 11);
    expect(isAssignable(t.literal(11), atMost10)).toBe(false);
    expect(isAssignable(t.literal(10), atMost10)).toBe(true);
  });

  it("patterns read code points (the validators' `u` flag)", () => {
    const pattern = (p: string) => t.refine(t.string(), { kind: "pattern", value: p });
    // "😀" is one code point and two UTF-16 units.
    separates(t.literal("😀"), pattern("^..$"), "😀");
    expect(isAssignable(t.literal("😀"), pattern("^..$"))).toBe(false);
    expect(schemaFromExpr(pattern("^.$")).is("😀")).toBe(true);
    expect(isAssignable(t.literal("😀"), pattern("^.$"))).toBe(true);
  });

  it("a format is not a pattern of its name", () => {
    const email = t.refine(t.string(), { kind: "format", value: "email" });
    separates(t.literal("email"), email, "email");
    expect(isAssignable(t.literal("email"), email)).toBe(false);
    const named = t.refine(t.string(), { kind: "pattern", value: "email" });
    separates(named, email, "email");
    expect(isAssignable(named, email)).toBe(false);
    expect(isAssignable(email, email)).toBe(true);
  });
});

const ROLES: SchemaRole[] = ["input", "output", "state"];
const listed = (before: TypeExpr, after: TypeExpr, policy: "strict" | "contract" = "strict") =>
  diffTypeExprs(before, after, "input", "T", policy).changes.map((c) => `${c.path} ${c.kind} ${c.direction}`);

describe("diffTypeExprs: the changes listed", () => {
  it("descends under an undefined both sides admit, to the place that changed", () => {
    const before = t.optional(t.record({ a: t.string(), b: t.string() }));
    const after = t.optional(t.record({ a: t.number(), b: t.string() }));
    expect(listed(before, after)).toEqual(["T.a type-changed incompatible"]);
  });

  it("a recursive type with an optional field that mentions the recursion (found: the diff threw CX1005_UNBOUND_REF)", () => {
    const L = (b: TypeExpr) =>
      t.recursive("X", (x) => t.record({ next: t.optionalField(t.union(t.null(), x)), b }));
    expect(listed(L(t.string()), L(t.number()))).toEqual(["T.b type-changed incompatible"]);
    const M = (b: TypeExpr) =>
      t.recursive("X", (x) => t.record({ next: t.optionalField(t.record({ n: x, b })) }));
    expect(listed(M(t.literal("a")), M(t.string()))).toEqual(["T.next.b type-changed widened"]);
    for (const role of ROLES)
      expect(diffTypeExprs(M(t.literal("a")), M(t.string()), role).direction).toBe("widened");
  });

  it("an optional field of type unknown narrowed to string: one change, no undefined added (the key admits it both ways)", () => {
    const before = t.record({ a: t.optionalField(t.any()) });
    const after = t.record({ a: t.optionalField(t.string()) });
    separates(before, after, { a: 1 });
    expect(schemaFromExpr(after).is({ a: undefined })).toBe(true);
    expect(listed(before, after)).toEqual(["T.a type-changed narrowed"]);
  });

  it("members of unions that are not discriminated are listed as removed and added, not paired", () => {
    const before = t.union(t.record({ a: t.string() }), t.record({ b: t.number() }));
    const after = t.union(t.record({ a: t.string() }), t.record({ c: t.number() }));
    expect(listed(before, after).sort()).toEqual(["T members-added widened", "T members-removed narrowed"]);
    // Tagged on one side only (two new members share kind "a"): not paired either.
    const tagged = (tag: string, v: TypeExpr) => t.record({ kind: t.literal(tag), v });
    const untagged = t.union(tagged("a", t.string()), t.record({ kind: t.literal("a"), w: t.number() }));
    expect(listed(t.union(tagged("a", t.number()), tagged("b", t.number())), untagged).sort()).toEqual([
      "T members-added widened",
      "T members-removed narrowed",
    ]);
  });

  it("removing an optional field of type unknown is compatible under both policies, so no policy note", () => {
    // docs/cli.md: "A required field and a field of type `unknown` read the same under both".
    const before = t.record({ a: t.string(), b: t.optionalField(t.any()) });
    const after = t.record({ a: t.string() });
    for (const policy of ["contract", "strict"] as const) {
      const [c, ...rest] = diffTypeExprs(before, after, "output", "T", policy).changes;
      expect(rest).toEqual([]);
      expect(c).toMatchObject({ path: "T.b", kind: "field-removed", direction: "compatible" });
      expect(c!.note).toBeUndefined();
    }
    const optional = t.record({ a: t.string(), b: t.optionalField(t.number()) });
    expect(diffTypeExprs(optional, after, "output", "T", "contract").changes[0]!.note).toMatch(/--strict/);
  });
});

describe("diffTypeExprs: what a change says", () => {
  it("before, after and member lists print a named part by its name (print.ts `useNames`)", () => {
    const money = t.named(t.number(), "Money");
    const code = t.named(t.record({ code: t.string() }), "Code");
    const d = diffTypeExprs(
      t.record({ a: t.list(t.union(money, t.string())) }),
      t.record({ a: t.list(t.union(money, t.record({ c: code }))) }),
      "input",
      "T",
    );
    const removed = d.changes.find((c) => c.kind === "members-removed")!;
    const added = d.changes.find((c) => c.kind === "members-added")!;
    expect(removed.message).toMatch(/string/);
    // A member itself prints whole (a name is used below the root only).
    expect(added.message).toMatch(/\{ c: Code \}$/);
    const back = diffTypeExprs(
      t.record({ a: t.list(t.union(money, t.record({ c: code }))) }),
      t.record({ a: t.list(t.union(money, t.string())) }),
      "input",
      "T",
    );
    expect(back.changes.find((c) => c.kind === "members-removed")!.message).toMatch(/\{ c: Code \}$/);
    const leaf = diffTypeExprs(
      t.record({ a: t.list(money) }),
      t.record({ a: t.union(money, code) }),
      "input",
      "T",
    );
    expect(leaf.changes[0]).toMatchObject({ path: "T.a", before: "Money[]" });
    expect(leaf.changes[0]!.after).toMatch(/^(Money \| Code|Code \| Money)$/);
  });

  it("messages name the direction, the field and whether it was optional", () => {
    const leaf = diffTypeExprs(t.record({ a: t.string() }), t.record({ a: t.number() }), "input", "T");
    expect(leaf.changes[0]!.message).toMatch(/incompatible/);
    const rec = (fields: Record<string, TypeExpr>) => t.record(fields);
    const msg = (before: TypeExpr, after: TypeExpr, kind: string) =>
      diffTypeExprs(before, after, "input", "T", "strict").changes.find((c) => c.kind === kind)!.message;
    expect(msg(rec({ a: t.string(), b: t.number() }), rec({ a: t.string() }), "field-removed")).toMatch(
      /"b" removed$/,
    );
    expect(msg(rec({ a: t.string() }), rec({ a: t.string(), b: t.number() }), "field-added")).toMatch(
      /"b" added$/,
    );
    expect(msg(rec({ b: t.optionalField(t.number()) }), rec({}), "field-removed")).toMatch(
      /"b" removed \(optional\)$/,
    );
    expect(msg(rec({}), rec({ b: t.optionalField(t.number()) }), "field-added")).toMatch(
      /"b" added \(optional\)$/,
    );
    expect(msg(rec({ b: t.number() }), rec({ b: t.optionalField(t.number()) }), "field-optionality")).toMatch(
      /optional/,
    );
    expect(msg(rec({ b: t.optionalField(t.number()) }), rec({ b: t.number() }), "field-optionality")).toMatch(
      /required/,
    );
  });
});
