/**
 * Canonical forms the random agreement runs rarely build, each held to docs/type-expr-spec.md and
 * to the independent canonicalizer (test/independent/canonical.ts + recursive.ts, which share no
 * code with the main one): the id of the main form must be the independent form's id, and where the
 * spec calls two inputs one type, they get one id. Expressions go to `canonicalize` as TypeExprs
 * (not through `parseTypeExpr`, which rewrites some of them first), as an API caller hands them in.
 */
import { canonicalize, type TypeExpr, typeExprIdHex } from "@causality/schema";
import { describe, expect, it } from "vitest";
import { canonicalizeIndependent } from "./canonical.js";
import { independentId } from "./merkle.js";

const S = { kind: "string" };
const N = { kind: "number" };
const union = (...members: unknown[]) => ({ kind: "union", members });
const enumOf = (...values: unknown[]) => ({ kind: "enum", members: values.map((value) => ({ value })) });
const refine = (base: unknown, ...constraints: [string, unknown][]) => ({
  kind: "refine",
  base,
  constraints: constraints.map(([kind, value]) => ({ kind, value })),
});
const ref = (index: number) => ({ kind: "ref", index });
const recursive = (name: string, body: unknown) => ({ kind: "recursive", name, body });
const record = (fields: Record<string, unknown>) => ({
  kind: "record",
  fields: Object.entries(fields).map(([name, type]) => ({ name, type })),
});

const mainId = (e: unknown) => typeExprIdHex(e as TypeExpr);
const independent = (e: unknown) => independentId(canonicalizeIndependent(JSON.parse(JSON.stringify(e))));

/** One id for all, by the main implementation; and the independent canonicalizer's id is that one. */
function oneId(...exprs: unknown[]): void {
  const ids = exprs.map(mainId);
  expect(new Set(ids).size).toBe(1);
  expect(exprs.map(independent)).toEqual(ids);
}

describe("canonical forms held to the spec and the independent canonicalizer", () => {
  it("a tuple element written `required` is one with no kind (§1: the default), also across an unrolled recursion", () => {
    // mu T. [number | T], and the same unrolled once with the element's default kind spelled out:
    // §2.3 merges the two tuples only if their element kinds read as the same local data.
    const body = (inner: unknown, kind?: string) => ({
      kind: "tuple",
      elements: [kind === undefined ? { type: union(N, inner) } : { type: union(N, inner), kind }],
    });
    const rec = recursive("T", body(ref(0)));
    oneId(rec, body(rec, "required"), recursive("T", body(ref(0), "required")));
  });

  it("a vertex reached inside one cycle by two paths of one length emits by the binders on each path", () => {
    // A = {b: B, d: D}, B = {c: C, tag: string}, D = {c: C, tag2: number}, C = {x: B, y: A}: C is
    // reached from A through B and through D. Under B, C's `x` is a ref to B; under D, B is not an
    // enclosing binder, so C's `x` is B written out again. One emitted C for both paths is wrong.
    const B = recursive("B", record({ c: record({ x: ref(0), y: ref(1) }), tag: S }));
    const Bin = recursive("B", record({ c: record({ x: ref(0), y: ref(2) }), tag: S }));
    const D = recursive("D", record({ c: record({ x: Bin, y: ref(1) }), tag2: N }));
    const A = recursive("A", record({ b: B, d: D }));
    expect(mainId(A)).toBe(independent(A));
    // The main form read again by the independent canonicalizer is the same type (§2.4: a fixed point).
    expect(independent(canonicalize(A as TypeExpr))).toBe(mainId(A));
  });

  it("enums with one value set are one type, repeats or not (§2.3: the enum value set), alone or under a parent", () => {
    oneId(union(enumOf("a", "a"), enumOf("a")), enumOf("a"));
    oneId(union(enumOf("a", "a"), enumOf("a"), S), union(enumOf("a"), S));
    oneId(union(enumOf(1, "a", 1), enumOf("a", 1)), enumOf(1, "a"));
    // The union collapses, and the two refinements merge (§2.2): found and fixed, minimization
    // read the member list with repeats, so the union stayed and refine(refine(...)) was written.
    const c1: [string, unknown] = ["minLength", 1];
    oneId(
      refine(union(refine(enumOf("a", "a"), c1), refine(enumOf("a"), c1)), ["maxLength", 9]),
      refine(enumOf("a"), c1, ["maxLength", 9]),
    );
    // Two value sets stay two members.
    expect(mainId(union(enumOf("a", "a"), enumOf("a", "b")))).not.toBe(mainId(enumOf("a", "b")));
  });

  it("collapses that enable collapses, one level at a time, past the 16 rounds of normalization", () => {
    // x0 = enum(a, a) | enum(a), y0 = enum(a); x(k+1) = list(xk) | list(yk), y(k+1) = list(yk):
    // each xk is the type yk (§2.3), but its union collapses only after the one below it did, a
    // round of normalization and merging per level (normalize.ts caps the rounds at 16).
    const list = (element: unknown) => ({ kind: "list", element });
    let x: unknown = union(enumOf("a", "a"), enumOf("a"));
    let y: unknown = enumOf("a");
    for (let k = 1; k <= 20; k++) {
      x = union(list(x), list(y));
      y = list(y);
      if (k === 3 || k === 15 || k === 16 || k === 20) oneId(x, y);
    }
  });

  it("metadata sits where the spec puts it: on the binder, not its body; only where given (§1, §2.4)", () => {
    // Compared with the independent form metadata included; an own property holding `undefined`
    // (which JSON would drop) shows as a difference too.
    const text = (v: unknown) => JSON.stringify(v, (_k, x) => (x === undefined ? "<undefined>" : x));
    const S = { kind: "string" };
    const withMeta = (e: object, meta: object) => ({ ...e, ...meta });
    const cases: unknown[] = [
      S,
      recursive("T", record({ a: ref(0) })),
      { kind: "recursive", body: record({ a: ref(0) }) },
      { kind: "recursive", body: withMeta(record({ a: ref(0) }), { name: "R", description: "r" }) },
      recursive("T", withMeta(record({ a: ref(0) }), { description: "r" })),
      {
        kind: "record",
        fields: [
          { name: "a", type: S, description: "d" },
          { name: "b", type: S },
        ],
      },
      recursive("A", record({ b: record({ a: ref(0), x: S }) })),
      recursive("A", record({ b: recursive("B", record({ a: ref(1), b: ref(0), x: S })) })),
    ];
    for (const e of cases) {
      expect(text(canonicalize(e as TypeExpr)), text(e)).toBe(text(canonicalizeIndependent(e)));
    }
  });

  it("an enum member without a name has no `name` property in the canonical form (§1: metadata only when given)", () => {
    const e = { kind: "enum", members: [{ value: "b", name: "B" }, { value: "a" }] };
    const main = canonicalize(e as TypeExpr) as { members: object[] };
    const mine = canonicalizeIndependent(e) as unknown as { members: object[] };
    expect(main.members.map((m) => Object.keys(m).sort())).toEqual(
      mine.members.map((m) => Object.keys(m).sort()),
    );
    expect(main.members.map((m) => Object.hasOwn(m, "name"))).toEqual([false, true]);
  });
});
