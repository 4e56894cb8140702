/**
 * The second half of the code generator (compile.ts from its union strategies on: unions, the key
 * that rules a record member out, dictionary keys, template holes, constraints, which field types
 * surely reject `undefined`), pinned where a mutation of it shows. Oracles: the interpreter (the
 * second implementation) on `is`, `equals` and the issue lists, and docs/semantics.md where it says
 * how much of a value is read: a member ruled out by an absent key it alone requires is not checked,
 * a discriminated union checks only the member its tag names, and a union inside a recursive type
 * visits an object once per member, not 2^depth times.
 */
import { canonicalize, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import { describe, expect, it } from "vitest";
import { load } from "./compiled.js";

const issuesOf = (
  schema: ReturnType<typeof schemaFromExpr>,
  v: unknown,
  maxIssues = Number.POSITIVE_INFINITY,
) => {
  const r = schema.validate(v, { maxIssues });
  return r.success ? [] : r.errors;
};

/**
 * Compiled `is`, `equals` and issues (all, and the first) equal to the interpreter's on each value
 * (made afresh for each question, so getters start over); returns the interpreter's `is` verdicts.
 */
function agree(expr: TypeExpr, makes: (() => unknown)[]): boolean[] {
  const interpreted = schemaFromExpr(expr);
  const compiled = load(expr);
  return makes.map((make, i) => {
    const verdict = interpreted.is(make());
    expect(compiled.is(make()), `is #${i}`).toBe(verdict);
    expect(compiled.equals(make()), `equals #${i}`).toBe(interpreted.equals(make()));
    expect(compiled.issues(make()), `issues #${i}`).toEqual(issuesOf(interpreted, make()));
    expect(compiled.issues(make(), 1), `first issue #${i}`).toEqual(issuesOf(interpreted, make(), 1));
    return verdict;
  });
}

const values = (...vs: unknown[]) => vs.map((v) => () => v);

/** An object whose key `key` is a getter answering `value`, and the count of its reads. */
function counted(key: string, value: unknown, rest: Record<string, unknown> = {}) {
  const reads = { n: 0 };
  const object = Object.defineProperty({ ...rest }, key, {
    get: () => {
      reads.n++;
      return value;
    },
    enumerable: true,
  });
  return { object, reads };
}

const tagged = t.union(
  t.record({ kind: t.literal(1), a: t.string() }),
  t.record({ kind: t.literal(2), b: t.number() }),
);

describe("union strategies", () => {
  it("verdicts are booleans at the top: never, a tag no member has", () => {
    // `is` and `equals` answer true or false, never a falsy stand-in.
    const never = load(t.never());
    for (const v of [undefined, null, 0, {}]) {
      expect(never.is(v)).toBe(false);
      expect(never.equals(v)).toBe(false);
    }
    const compiled = load(tagged);
    for (const v of [{ kind: 3 }, { kind: "1", a: "x" }, {}]) {
      expect(compiled.is(v)).toBe(false);
      expect(compiled.equals(v)).toBe(false);
    }
    expect(compiled.is({ kind: 1, a: "x" })).toBe(true);
    expect(agree(t.never(), values(undefined, 1, {}))).toEqual([false, false, false]);
    expect(agree(tagged, values({ kind: 3 }, { kind: 1, a: "x" }, { kind: 2, b: "x" }, []))).toEqual([
      false,
      true,
      false,
      false,
    ]);
  });

  it("literals beside other members: each member as written", () => {
    const mixed = t.union(t.literal("a"), t.list(t.number()), t.literal(2));
    const rows = values("a", 2, [], [1, 2], "b", 3, ["a"], null);
    expect(agree(mixed, rows)).toEqual([true, true, true, true, false, false, false, false]);
    expect(agree(t.record({ m: mixed }), values({ m: [1] }, { m: "a" }, { m: 1 }))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("records with the same required keys: no key rules a member out, each is tried", () => {
    const same = t.union(
      t.record({ a: t.string() }),
      t.record({ a: t.number(), b: t.optionalField(t.bool()) }),
    );
    const rows = values({ a: "x" }, { a: 1, b: true }, { a: 1, b: 1 }, { a: true }, {}, [], null);
    expect(agree(same, rows)).toEqual([true, true, false, false, false, false, false]);
    expect(agree(t.list(same), values([{ a: "x" }, { a: 2 }], [{ a: null }]))).toEqual([true, false]);
  });
});

describe("how much of a value a union reads (docs/semantics.md, Unions)", () => {
  // Field types that surely reject undefined, so a member requiring the field is ruled out when it is absent.
  const required: [string, TypeExpr, unknown][] = [
    ["number", t.number(), 1],
    [
      "an intersection one member of which rejects undefined",
      t.intersection(t.string(), t.optional(t.string())),
      "s",
    ],
    ["a union none of whose members admits undefined", t.union(t.string(), t.list(t.number())), [1]],
  ];
  for (const [name, b, valid] of required) {
    it(`an absent key only one member requires (${name}) rules that member out before its checks run`, () => {
      const expr = t.union(t.record({ a: t.string(), b }), t.record({ a: t.number() }));
      const compiled = load(expr);
      // The first member requires b: without it, its check of `a` never runs; the second reads `a`
      // once (and rejects it, so the count does not depend on which member is tried first).
      const { object, reads } = counted("a", true);
      expect(compiled.is(object)).toBe(false);
      expect(reads.n).toBe(1);
      const fits = counted("a", 5);
      expect(compiled.is(fits.object)).toBe(true);
      expect(fits.reads.n).toBeLessThanOrEqual(1);
      expect(
        agree(
          expr,
          values({ a: 5 }, { a: "s", b: valid }, { a: "s" }, { a: 5, b: null }, { a: "s", b: null }),
        ),
      ).toEqual([true, true, false, true, false]);
    });
  }

  it("a discriminated union checks only the member its tag names", () => {
    const expr = t.union(
      t.record({ a: t.string(), kind: t.literal(1) }),
      t.record({ a: t.string(), kind: t.literal(2) }),
      t.record({ a: t.string(), kind: t.literal(3) }),
    );
    for (const [name, schema] of [
      ["compiled", schemaFromExpr(expr, load(expr))],
      ["interpreter", schemaFromExpr(expr)],
    ] as const) {
      // Whichever member is tried first (canonical forms order them), the others are not checked.
      for (const kind of [1, 2, 3]) {
        const { object, reads } = counted("a", "s", { kind });
        expect(schema.is(object), name).toBe(true);
        expect(reads.n, `${name} kind ${kind}`).toBe(1);
      }
    }
    expect(agree(expr, values({ a: "s", kind: 2 }, { a: 1, kind: 2 }, { a: "s", kind: 4 }))).toEqual([
      true,
      false,
      false,
    ]);
  });

  it("inside a recursive type: one visit per object and member, not 2^depth", () => {
    // Both members recurse into `a` and fail at the bottom: each level tries both.
    const expr = t.recursive("T", (self) =>
      t.union(t.record({ a: self, x: t.number() }), t.record({ a: self, y: t.string() })),
    );
    const levels = 13;
    const build = () => {
      const all: { reads: { n: number } }[] = [];
      let value: unknown = "bottom";
      for (let i = 0; i < levels; i++) {
        const level = counted("a", value, { x: 1, y: "s" });
        all.push(level);
        value = level.object;
      }
      return { value, reads: () => all.reduce((sum, l) => sum + l.reads.n, 0) };
    };
    const compiled = load(expr);
    for (const [name, schema] of [
      ["compiled", schemaFromExpr(expr, compiled)],
      ["interpreter", schemaFromExpr(expr)],
    ] as const) {
      for (const question of ["is", "equals", "validate"] as const) {
        const { value, reads } = build();
        const answer = question === "validate" ? schema.validate(value).success : schema[question](value);
        expect(answer, `${name} ${question}`).toBe(false);
        // validate then ranks the members on the top object, one more read of its `a` for each.
        expect(reads(), `${name} ${question}`).toBeLessThanOrEqual(
          2 * levels + (question === "validate" ? 2 : 0),
        );
      }
    }
    // The compiled `equals` shares nothing with `is` here (records see extra keys): its own memo.
    const { value, reads } = build();
    expect(compiled.equals(value)).toBe(false);
    expect(reads()).toBeLessThanOrEqual(2 * levels);
  });

  it("without a recursive type below, a union meeting one object twice checks it twice", () => {
    // `u` fails on the first reading of `o.a` and passes on the next: the outer union's member
    // tried first fails on it, the other must check it again (only unions over a recursive type
    // remember failures, on both back ends).
    const u = t.union(t.record({ a: t.string() }), t.record({ b: t.number() }));
    const expr = t.union(t.record({ x: u, t: t.string() }), t.record({ x: u, n: t.number() }));
    const make = () => {
      let reads = 0;
      const o = Object.defineProperty({}, "a", { get: () => (reads++ === 0 ? 1 : "s"), enumerable: true });
      return { x: o, t: "s", n: 1 };
    };
    expect(agree(expr, [make])).toEqual([true]);
  });

  it("a union over a recursive type keeps the depth flag of what ran before it, and reports its own", () => {
    // Element 0: the first member runs out of depth, then `u` fails plainly on `o`: the outer union
    // reports too_deep. Element 1 meets `o` again at the same depth: `u`'s remembered failure is a
    // plain one, so the issue there is about `o`, not too_deep.
    const chain = t.recursive("C", (self) => t.union(t.null(), t.record({ next: self })));
    const u = t.recursive("U", (self) =>
      t.union(
        t.record({ x: t.number(), k: t.optionalField(self) }),
        t.record({ y: t.string(), k: t.optionalField(self) }),
      ),
    );
    const expr = t.list(t.union(t.record({ c: chain }), t.record({ u })));
    let deep: unknown = null;
    for (let i = 0; i < 1001; i++) deep = { next: deep };
    const make = () => {
      const o = {};
      return [{ c: deep, u: o }, { u: o }];
    };
    // The first member (canonical order) must be the one that runs out of depth.
    const first = canonicalize(expr);
    expect(first.kind === "list" && first.element.kind === "union" && first.element.members[0]).toMatchObject(
      {
        fields: [{ name: "c" }],
      },
    );
    expect(agree(expr, [make])).toEqual([false]);
    expect(issuesOf(schemaFromExpr(expr), make())).toEqual([
      expect.objectContaining({ code: "too_deep", path: "$input[0]" }),
      expect.objectContaining({ code: "invalid_union", path: "$input[1].u" }),
    ]);
  });
});

describe("field types that admit undefined, keys, holes and constraint readings", () => {
  it("a required field whose type admits undefined only through a member or recursion is still required", () => {
    // (A union with an optional member is written optional(union) in canonical form; an
    // intersection of optional types is not.)
    const optionalTree = (name: string, key: string) =>
      t.recursive(name, (self) => t.optional(t.record({ [key]: t.optionalField(self) })));
    const both = t.intersection(optionalTree("X", "a"), optionalTree("Y", "b"));
    for (const field of [both, t.union(t.literal(1), both)]) {
      const expr = t.record({ f: field });
      // A missing required key is missing_key, whatever its type would say of undefined.
      expect(agree(expr, values({}, { f: undefined }, { f: 2 }))).toEqual([false, false, false]);
      expect(issuesOf(schemaFromExpr(expr), {})).toEqual([
        expect.objectContaining({ code: "missing_key", path: "$input.f" }),
      ]);
      expect(load(expr).is({})).toBe(false);
    }
    expect(
      agree(
        t.record({ f: t.union(t.literal(1), both) }),
        values({ f: 1 }, { f: { a: {} } }, { f: { b: 1 } }),
      ),
    ).toEqual([true, true, false]);
  });

  it("equals rejects a key that no signature of an intersection of dictionaries accepts", () => {
    // signatures.ts: a key no signature accepts passes `is` as an extra key; `equals` rejects it.
    const expr = t.intersection(
      t.dict(t.template(["a-", ""], [t.string()]), t.number()),
      t.dict(t.template(["b-", ""], [t.string()]), t.string()),
    );
    const compiled = load(expr);
    expect([compiled.is({ c: 1 }), compiled.equals({ c: 1 })]).toEqual([true, false]);
    expect(agree(expr, values({ "a-x": 1, "b-y": "s" }, { c: 1 }, { c: undefined }, { "a-x": "s" }))).toEqual(
      [true, true, true, false],
    );
  });

  it("MinLength above 0 fails a number (docs/semantics.md); a string is measured", () => {
    const either = t.union(t.number(), t.string());
    const expr = t.record({
      min: t.refine(either, { kind: "minLength", value: 2 }),
      max: t.optionalField(t.refine(either, { kind: "maxLength", value: 1 })),
    });
    expect(
      agree(
        expr,
        values({ min: "ab" }, { min: 5 }, { min: "a" }, { min: "ab", max: 50 }, { min: "ab", max: "xy" }),
      ),
    ).toEqual([true, false, false, true, false]);
  });

  it("no alternatives is no match: an empty enum or never as a template hole or a dictionary key", () => {
    // These once compiled to `()`, a syntax error; the interpreter accepts no piece and no key.
    const cases: [TypeExpr, unknown[], boolean[]][] = [
      [t.template(["a", ""], [t.enum([])]), ["a", "ab", ""], [false, false, false]],
      [t.template(["a", ""], [t.never()]), ["a", "ab"], [false, false]],
      [t.template(["a", ""], [t.union(t.literal("b"), t.enum([]))]), ["ab", "a"], [true, false]],
      [t.dict(t.never(), t.number()), [{}, { x: 1 }, { "": 1 }], [true, false, false]],
      [t.dict(t.template(["k", ""], [t.enum([])]), t.number()), [{}, { k: 1 }], [true, false]],
    ];
    for (const [expr, vs, verdicts] of cases) expect(agree(expr, values(...vs))).toEqual(verdicts);
  });
});
