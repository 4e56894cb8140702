/**
 * The changes `diffTypeExprs` lists, case by case: each case gives an old and a new type and the
 * changes a reader expects from docs/cli.md (a path per changed place: `T.a`, `T.xs[]`, `T[0]`,
 * `T<key>`, `T.e<kind="a">.x`, a non-identifier field name as `T["a-b"]`; a kind and a direction per
 * change, the direction read from the values each side accepts). The whole diff's direction is also
 * checked against the validators on sampled values, so the cases' expectations are not the only oracle.
 */
import {
  canonicalize,
  diffTypeExprs,
  isAssignable,
  type OptionalFieldPolicy,
  type SchemaRole,
  schemaFromExpr,
  type TypeExpr,
  t,
} from "@causality/schema";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nearValid, validValue } from "../validators/values.js";
import { probes, variants } from "./witnesses.js";

type Direction = "widened" | "narrowed" | "incompatible" | "compatible";
interface Expected {
  readonly path: string;
  readonly kind: string;
  readonly direction: Direction;
}

/** The direction the validators show on sampled values: which side accepts a value the other rejects. */
function sampledDirection(before: TypeExpr, after: TypeExpr): Direction {
  const a = schemaFromExpr(before);
  const b = schemaFromExpr(after);
  const scalars = probes(before, after);
  const values = [
    ...scalars,
    ...[before, after].flatMap((e) => [
      ...fc.sample(validValue(e), { numRuns: 15, seed: 7 }),
      ...fc.sample(nearValid(e), { numRuns: 15, seed: 8 }),
    ]),
  ];
  const all = [
    ...values,
    ...values.flatMap((v) => [...variants(v, scalars, ["a", "b", "c", "d", "e", "v"], 2)]),
  ];
  const more = all.some((v) => b.is(v) && !a.is(v));
  const less = all.some((v) => a.is(v) && !b.is(v));
  return more && less ? "incompatible" : more ? "widened" : less ? "narrowed" : "compatible";
}

const BREAKS: Record<SchemaRole, readonly Direction[]> = {
  input: ["narrowed", "incompatible"],
  output: ["widened", "incompatible"],
  state: ["narrowed", "incompatible"],
};

function check(
  before: TypeExpr,
  after: TypeExpr,
  expected: Expected[],
  policy: OptionalFieldPolicy = "strict",
) {
  for (const role of ["input", "output", "state"] as const) {
    const d = diffTypeExprs(before, after, role, "T", policy);
    const got = d.changes.map((c) => ({ path: c.path, kind: c.kind, direction: c.direction }));
    const order = (xs: Expected[]) =>
      [...xs].sort((x, y) => `${x.path} ${x.kind}`.localeCompare(`${y.path} ${y.kind}`));
    expect(order(got), role).toEqual(order(expected));
    // One verdict (docs/cli.md): a change is breaking exactly when the diff is and its direction breaks the role.
    expect(d.breaking, role).toBe(BREAKS[role].includes(d.direction as Direction));
    for (const c of d.changes)
      expect(c.breaking, `${role} ${c.path}`).toBe(d.breaking && BREAKS[role].includes(c.direction));
  }
}

describe("the changes a diff lists", () => {
  it("an undefined added, removed, or under both sides", () => {
    check(t.string(), t.optional(t.string()), [{ path: "T", kind: "undefined-added", direction: "widened" }]);
    check(t.optional(t.string()), t.string(), [
      { path: "T", kind: "undefined-removed", direction: "narrowed" },
    ]);
    check(t.string(), t.optional(t.number()), [
      { path: "T", kind: "undefined-added", direction: "widened" },
      { path: "T", kind: "type-changed", direction: "incompatible" },
    ]);
    check(t.optional(t.number()), t.string(), [
      { path: "T", kind: "undefined-removed", direction: "narrowed" },
      { path: "T", kind: "type-changed", direction: "incompatible" },
    ]);
    check(t.optional(t.string()), t.optional(t.number()), [
      { path: "T", kind: "type-changed", direction: "incompatible" },
    ]);
    check(t.optional(t.literal("a")), t.optional(t.string()), [
      { path: "T", kind: "type-changed", direction: "widened" },
    ]);
  });

  it("record fields: changed, made optional or required, added and removed (strict)", () => {
    const before = t.record({
      a: t.string(),
      b: t.number(),
      c: t.optionalField(t.string()),
      g: t.bool(),
      h: t.any(),
    });
    const after = t.record({
      a: t.number(),
      b: t.optionalField(t.number()),
      d: t.bool(),
      e: t.optionalField(t.string()),
      f: t.any(),
      g: t.bool(),
    });
    check(before, after, [
      { path: "T.a", kind: "type-changed", direction: "incompatible" },
      { path: "T.b", kind: "field-optionality", direction: "widened" },
      { path: "T.c", kind: "field-removed", direction: "widened" },
      { path: "T.h", kind: "field-removed", direction: "compatible" },
      { path: "T.d", kind: "field-added", direction: "narrowed" },
      { path: "T.e", kind: "field-added", direction: "narrowed" },
      { path: "T.f", kind: "field-added", direction: "compatible" },
    ]);
    check(t.record({ b: t.optionalField(t.number()) }), t.record({ b: t.number() }), [
      { path: "T.b", kind: "field-optionality", direction: "narrowed" },
    ]);
  });

  it("record fields under the contract policy: an optional field's arrival and departure are compatible, with a note", () => {
    const before = t.record({ a: t.string(), c: t.optionalField(t.string()), r: t.bool() });
    const after = t.record({
      a: t.string(),
      e: t.optionalField(t.string()),
      n: t.bool(),
      o: t.optionalField(t.any()),
    });
    check(
      before,
      after,
      [
        { path: "T.c", kind: "field-removed", direction: "compatible" },
        { path: "T.r", kind: "field-removed", direction: "widened" },
        { path: "T.e", kind: "field-added", direction: "compatible" },
        { path: "T.n", kind: "field-added", direction: "narrowed" },
        { path: "T.o", kind: "field-added", direction: "compatible" },
      ],
      "contract",
    );
    const d = diffTypeExprs(before, after, "input", "T", "contract");
    const note = (path: string) => d.changes.find((c) => c.path === path)?.note;
    // The note explains the policy where it changed the reading, and only there.
    expect(note("T.c")).toMatch(/outside its contract/);
    expect(note("T.e")).toMatch(/outside its contract/);
    expect(note("T.r")).toBeUndefined();
    expect(note("T.n")).toBeUndefined();
    expect(note("T.o")).toBeUndefined();
    // Without a note the entry has no `note` key at all (its JSON and its keys are the same).
    for (const c of d.changes)
      expect(Object.hasOwn(c, "note"), c.path).toBe(c.path === "T.c" || c.path === "T.e");
    // Messages name the field (as JSON) and say whether it was optional.
    const message = (path: string) => d.changes.find((c) => c.path === path)!.message;
    expect(message("T.c")).toContain('"c"');
    expect(message("T.c")).toContain("removed");
    expect(message("T.c")).toContain("optional");
    expect(message("T.r")).not.toContain("optional");
    expect(message("T.e")).toContain('"e"');
    expect(message("T.e")).toContain("added");
    expect(message("T.e")).toContain("optional");
    expect(message("T.n")).not.toContain("optional");
    // A field's type shows where the change has one: the removed type before, the added type after.
    const entry = (path: string) => d.changes.find((c) => c.path === path)!;
    expect(entry("T.c")).toMatchObject({ before: "string" });
    expect(entry("T.c").after).toBeUndefined();
    expect(entry("T.n")).toMatchObject({ after: "boolean" });
    expect(entry("T.n").before).toBeUndefined();
  });

  it("an optional field's type is compared with the undefined its key admits", () => {
    // `b?: string` already admits a present undefined, so `b?: string | undefined` is the same key.
    check(
      t.record({ b: t.optionalField(t.string()) }),
      t.record({ b: t.optionalField(t.optional(t.string())) }),
      [],
    );
    check(t.record({ b: t.optionalField(t.string()) }), t.record({ b: t.optionalField(t.number()) }), [
      { path: "T.b", kind: "type-changed", direction: "incompatible" },
    ]);
  });

  it("field names that are not identifiers are written as JSON in brackets", () => {
    const names = ["a-b", "1x", "_y", "$z", "a1", "x y", "é"];
    const rec = (type: TypeExpr) => t.record(Object.fromEntries(names.map((n) => [n, type])));
    const d = diffTypeExprs(rec(t.string()), rec(t.number()), "input", "T");
    expect(d.changes.map((c) => c.path).sort()).toEqual(
      ['T["1x"]', 'T["a-b"]', 'T["x y"]', 'T["é"]', "T.$z", "T._y", "T.a1"].sort(),
    );
  });

  it("union and enum members added and removed, named in the message", () => {
    const lits = (...xs: string[]) => t.union(...xs.map((x) => t.literal(x)));
    check(lits("a", "b"), lits("a", "c"), [
      { path: "T", kind: "members-removed", direction: "narrowed" },
      { path: "T", kind: "members-added", direction: "widened" },
    ]);
    check(lits("a", "b"), lits("a", "b", "c"), [{ path: "T", kind: "members-added", direction: "widened" }]);
    check(lits("a", "b", "c"), lits("a", "b"), [
      { path: "T", kind: "members-removed", direction: "narrowed" },
    ]);
    check(t.enum(["a", "b"]), t.enum(["a", "c"]), [
      { path: "T", kind: "members-removed", direction: "narrowed" },
      { path: "T", kind: "members-added", direction: "widened" },
    ]);
    const d = diffTypeExprs(lits("a", "b", "x"), lits("a", "c", "d"), "input", "T");
    const msg = (kind: string) => d.changes.find((c) => c.kind === kind)!.message;
    // The members in either order, joined as a union is written.
    expect(msg("members-removed")).toMatch(/"b" \| "x"|"x" \| "b"/);
    expect(msg("members-added")).toMatch(/"c" \| "d"|"d" \| "c"/);
    expect(msg("members-removed")).not.toContain('"c"');
  });

  it("members of a discriminated union are paired by tag and diffed inside", () => {
    const tagged = (tag: string, v: TypeExpr) => t.record({ kind: t.literal(tag), v });
    check(
      t.union(tagged("a", t.string()), tagged("b", t.number())),
      t.union(tagged("a", t.number()), tagged("b", t.number())),
      [{ path: 'T<kind="a">.v', kind: "type-changed", direction: "incompatible" }],
    );
    check(
      t.union(tagged("a", t.string()), tagged("b", t.number())),
      t.union(tagged("a", t.literal("x")), tagged("c", t.number())),
      [
        { path: 'T<kind="a">.v', kind: "type-changed", direction: "narrowed" },
        { path: "T", kind: "members-removed", direction: "narrowed" },
        { path: "T", kind: "members-added", direction: "widened" },
      ],
    );
    // Tagged by different fields: no pairing, members as a whole.
    const other = (tag: string, v: TypeExpr) => t.record({ type: t.literal(tag), v });
    check(
      t.union(tagged("a", t.string()), tagged("b", t.number())),
      t.union(other("a", t.string()), other("b", t.number())),
      [
        { path: "T", kind: "members-removed", direction: "narrowed" },
        { path: "T", kind: "members-added", direction: "widened" },
      ],
    );
  });

  it("inside lists, sets, dicts, maps and tuples of the same shape", () => {
    check(t.list(t.string()), t.list(t.number()), [
      { path: "T[]", kind: "type-changed", direction: "incompatible" },
    ]);
    check(t.set(t.literal("a")), t.set(t.string()), [
      { path: "T[]", kind: "type-changed", direction: "widened" },
    ]);
    check(t.dict(t.string(), t.number()), t.dict(t.literal("a"), t.number()), [
      { path: "T<key>", kind: "type-changed", direction: "narrowed" },
    ]);
    check(t.map(t.string(), t.number()), t.map(t.string(), t.integer()), [
      { path: "T[]", kind: "type-changed", direction: "narrowed" },
    ]);
    check(t.map(t.string(), t.number()), t.map(t.number(), t.string()), [
      { path: "T<key>", kind: "type-changed", direction: "incompatible" },
      { path: "T[]", kind: "type-changed", direction: "incompatible" },
    ]);
    check(t.tuple(t.string(), t.number()), t.tuple(t.string(), t.integer()), [
      { path: "T[1]", kind: "type-changed", direction: "narrowed" },
    ]);
    check(
      t.tuple(t.string(), t.restElement(t.number())),
      t.tuple(t.literal("a"), t.restElement(t.number())),
      [{ path: "T[0]", kind: "type-changed", direction: "narrowed" }],
    );
    // Another shape (an element made optional, another length, another kind): the tuple as a whole.
    check(t.tuple(t.string(), t.number()), t.tuple(t.string(), t.optionalElement(t.number())), [
      { path: "T", kind: "type-changed", direction: "widened" },
    ]);
    check(t.tuple(t.string(), t.number()), t.tuple(t.string()), [
      { path: "T", kind: "type-changed", direction: "incompatible" },
    ]);
    check(t.list(t.string()), t.set(t.string()), [
      { path: "T", kind: "type-changed", direction: "incompatible" },
    ]);
    check(t.dict(t.string(), t.number()), t.map(t.string(), t.number()), [
      { path: "T", kind: "type-changed", direction: "incompatible" },
    ]);
  });

  it("inside a recursive type, at the place that changed", () => {
    const cons = (el: TypeExpr) =>
      t.recursive("L", (self) => t.record({ head: el, tail: t.union(t.null(), self) }));
    check(cons(t.literal("a")), cons(t.string()), [
      { path: "T.head", kind: "type-changed", direction: "widened" },
    ]);
  });

  it("a change that mentions the recursion is judged as the worst case, never as compatible", () => {
    // `kids: T[]` -> `kids: (T | null)[]` widens the tree (the validators: a null kid passes only after).
    const tree = (kid: (self: TypeExpr) => TypeExpr) =>
      t.recursive("T", (self) => t.record({ v: t.string(), kids: t.list(kid(self)) }));
    const before = tree((self) => self);
    const after = tree((self) => t.union(self, t.null()));
    expect(schemaFromExpr(after).is({ v: "a", kids: [null] })).toBe(true);
    expect(schemaFromExpr(before).is({ v: "a", kids: [null] })).toBe(false);
    // `T` and `T | null` cut out of the tree cannot be compared alone (diff.ts: assume the worst).
    check(before, after, [{ path: "T.kids[]", kind: "type-changed", direction: "incompatible" }]);
    expect(diffTypeExprs(before, after, "output", "T")).toMatchObject({
      direction: "widened",
      breaking: true,
    });
  });

  it("the diff's direction is the one the validators show on sampled values", () => {
    const pairs: [TypeExpr, TypeExpr][] = [
      [t.string(), t.optional(t.string())],
      [t.record({ a: t.string() }), t.record({ a: t.optionalField(t.string()) })],
      [t.tuple(t.string(), t.number()), t.tuple(t.string())],
      [t.list(t.literal("a")), t.list(t.string())],
      [t.map(t.string(), t.number()), t.map(t.string(), t.integer())],
      [t.union(t.literal("a"), t.literal("b")), t.union(t.literal("a"), t.literal("c"))],
      [t.record({ a: t.string(), b: t.number() }), t.record({ a: t.string() })],
    ];
    for (const [before, after] of pairs) {
      const d = diffTypeExprs(before, after, "input", "T", "strict");
      expect(d.direction === "equal" ? "compatible" : d.direction).toBe(sampledDirection(before, after));
    }
  });

  it("the root path defaults to $, messages say what moved, and a recursive reference prints by its name", () => {
    const d = diffTypeExprs(t.record({ a: t.string() }), t.record({ a: t.optional(t.string()) }), "input");
    expect(d.changes.map((c) => c.path)).toEqual(["$.a"]);
    expect(d.changes[0]!.message).toMatch(/undefined/);
    const back = diffTypeExprs(t.record({ a: t.optional(t.string()) }), t.record({ a: t.string() }), "input");
    expect(back.changes[0]!.message).toMatch(/undefined/);
    // before/after print a recursive reference by its binder's name, as the type was written.
    const tree = (kid: (self: TypeExpr) => TypeExpr) =>
      t.recursive("Node", (self) => t.record({ v: t.string(), kids: t.list(kid(self)) }));
    const d2 = diffTypeExprs(
      tree((self) => self),
      tree((self) => t.union(self, t.null())),
      "input",
      "T",
    );
    expect(d2.changes[0]).toMatchObject({ path: "T.kids[]", before: "Node" });
    expect(d2.changes[0]!.after).toMatch(/^(Node \| null|null \| Node)$/);
  });
});

describe("isAssignable on a part cut out of a recursive type", () => {
  it("refuses it with CX1005_UNBOUND_REF rather than reading the ref as any", () => {
    const tree = canonicalize(t.recursive("T", (self) => t.record({ v: t.string(), kids: t.list(self) })));
    const kids = (
      (tree as { body: { fields: { name: string; type: TypeExpr }[] } }).body.fields.find(
        (f) => f.name === "kids",
      ) as { type: { element: TypeExpr } }
    ).type.element;
    expect(() => isAssignable(t.string(), kids)).toThrow(/CX1005_UNBOUND_REF at \$/);
    expect(() => isAssignable(kids, t.any())).toThrow(/CX1005_UNBOUND_REF/);
  });
});
