/**
 * The code generator's bookkeeping (compile.ts, lines 1-300: the module's prologue, the functions
 * memoized per subtree and per union context, the binder stacks, index signatures, leaf tests, small
 * literal unions, tuples with a rest element) against the interpreter, its second implementation,
 * on small types built for each: `is`, `equals` and the issue lists (all, the first one, the first
 * two) must be the interpreter's, and where docs/semantics.md gives the verdict plainly the row
 * states it too. Subtrees that the generator memoizes are shared in the input on purpose: the
 * canonical form keeps an input's sharing (a named type used in several places), and only then can
 * two uses of one subtree meet in the generator's memo.
 */
import { compileValidatorSource, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import { describe, expect, it } from "vitest";
import { load } from "./compiled.js";

/** [value, is, equals (default: is)]; without a verdict the row is only held to the interpreter. */
type Row = [unknown, boolean?, boolean?];

const issuesOf = (schema: ReturnType<typeof schemaFromExpr>, v: unknown, maxIssues: number) => {
  const r = schema.validate(v, { maxIssues });
  return r.success ? [] : r.errors;
};

/** One record object used in two places (a shared subtree). */
const optionalA = t.record({ a: t.optionalField(t.string()) });
const requiredA = t.record({ a: t.number() });
const pairAB = t.record({ a: t.number(), b: t.number() });
const len = (kind: "minLength" | "maxLength", value: number) => ({ kind, value }) as const;
const tpl = (prefix: string, hole: TypeExpr) => t.template([prefix, ""], [hole]);
const inner = t.record({ n: t.number() });

const CASES: Record<string, [TypeExpr, Row[]]> = {
  // A record first met as a member of a union of records (which checks the object once for all its
  // members), then as a field on its own: the second use must still check that it is an object.
  memberThenField: [
    t.record({ u: t.union(optionalA, t.record({ b: t.number() })), x: optionalA }),
    [
      [{ u: { a: "s" }, x: {} }, true],
      [{ u: { b: 1 }, x: { a: "t", extra: 1 } }, true, false],
      [{ u: {}, x: 5 }, false],
      [{ u: {}, x: "abc" }, false],
      [{ u: {}, x: [] }, false],
      [{ u: {}, x: null }, false],
    ],
  ],
  // A member ruled in by a key read ahead (`a`: the other member lacks it), then a member of a union
  // where no key tells it apart (the other member requires `a` too): the second is called without
  // the value read ahead and must read `a` itself.
  keyThenNoKey: [
    t.record({
      p: t.union(requiredA, t.record({ b: t.number() })),
      q: t.union(requiredA, t.record({ a: t.number(), c: t.string() })),
    }),
    [
      [{ p: { a: 1 }, q: { a: 1 } }, true],
      [{ p: { b: 1 }, q: { a: 2, c: "x" } }, true],
      [{ p: { a: 1 }, q: { a: "1" } }, false],
      [{ p: { a: "1" }, q: { a: 1 } }, false],
    ],
  ],
  // One record ruled in by different keys in two unions (`a` in p, `b` in q): each use reads its own.
  twoKeys: [
    t.record({
      p: t.union(pairAB, t.record({ b: t.number() })),
      q: t.union(pairAB, t.record({ a: t.number() })),
    }),
    [
      [{ p: { a: 1, b: 2 }, q: { a: 1, b: 2 } }, true],
      [{ p: { b: 1 }, q: { a: 1 } }, true],
      [{ p: { a: 1, b: 2 }, q: { a: "x", b: 2 } }, false],
      [{ p: { a: 1, b: 2 }, q: { a: 1, b: "x" } }, true, false],
      [{ p: { a: "x", b: 2 }, q: { a: 1 } }, true, false],
      [{ p: { a: "x", b: "y" }, q: { a: 1 } }, false],
    ],
  ],
  // One record as a member of an intersection, where `equals` leaves its own keys to the
  // intersection (docs/semantics.md: exact below the members), and as a field of its own, where
  // `equals` judges its keys: first the member, then the field.
  openThenField: [
    t.record({ x: t.intersection(requiredA, t.record({ b: t.string() })), y: requiredA }),
    [
      [{ x: { a: 1, b: "" }, y: { a: 1 } }, true],
      [{ x: { a: 1, b: "" }, y: { a: 1, extra: 1 } }, true, false],
      [{ x: { a: 1, b: "", extra: 1 }, y: { a: 1 } }, true, false],
      [{ x: { a: 1 }, y: { a: 1 } }, false],
    ],
  ],
  // The same, the field first.
  fieldThenOpen: [
    t.record({ y: pairAB, x: t.intersection(pairAB, t.record({ c: t.string() })) }),
    [
      [{ y: { a: 1, b: 2 }, x: { a: 1, b: 2, c: "" } }, true],
      [{ y: { a: 1, b: 2, c: "" }, x: { a: 1, b: 2, c: "" } }, true, false],
      [{ y: { a: 1, b: 2 }, x: { a: 1, b: 2, c: "", d: 1 } }, true, false],
      [{ y: { a: 1 }, x: { a: 1, b: 2, c: "" } }, false],
    ],
  ],
  // Intersection members that reach their record through a refinement or `| undefined`: exact below.
  openThroughWrappers: [
    t.record({
      r: t.intersection(t.record({ a: inner }), t.refine(t.record({ b: inner }), len("minLength", 0))),
      o: t.intersection(t.record({ a: inner }), t.optional(t.record({ b: inner }))),
    }),
    [
      [{ r: { a: { n: 1 }, b: { n: 2 } }, o: { a: { n: 1 }, b: { n: 2 } } }, true],
      [{ r: { a: { n: 1 }, b: { n: 2, extra: 1 } }, o: { a: { n: 1 }, b: { n: 2 } } }, true, false],
      [{ r: { a: { n: 1 }, b: { n: 2 } }, o: { a: { n: 1 }, b: { n: 2, extra: 1 } } }, true, false],
      // `{ b } | undefined` is an object here, so `b` is required.
      [{ r: { a: { n: 1 }, b: { n: 2 } }, o: { a: { n: 1 } } }, false],
      [{ r: { a: { n: 1 } }, o: { a: { n: 1 } } }, false],
    ],
  ],
  // A closed recursive type inside another one, then a union that refers to the outer binder: the
  // issue collector's union tests must call the outer binder's check, not the inner one's.
  binderAfterInner: [
    t.recursive("Outer", (outer) =>
      t.record({
        a: t.recursive("Inner", (inner) => t.record({ i: t.optionalField(inner) })),
        b: t.union(t.number(), t.record({ o: outer })),
      }),
    ),
    [
      [{ a: {}, b: 1 }, true],
      // `i: 5` is an extra key for Outer, but Inner would reject it.
      [{ a: {}, b: { o: { a: {}, b: 1, i: 5 } } }, true, false],
      [{ a: { i: {} }, b: { o: { a: { i: { i: {} } }, b: { o: { a: {}, b: 2 } } } } }, true],
      [{ a: {}, b: { o: { a: {}, b: "x" } } }, false],
      [{ a: { i: 5 }, b: 1 }, false],
    ],
  ],
  // Recursion binders whose body is not a record, list, dict, tuple, union or intersection.
  otherBodies: [
    t.record({
      s: t.recursive("S", (self) => t.set(self)),
      m: t.recursive("M", (self) => t.map(t.string(), t.union(t.number(), self))),
      l: t.recursive("L", (self) => t.refine(t.list(self), { kind: "maxLength", value: 2 })),
    }),
    [
      [{ s: new Set(), m: new Map(), l: [] }, true],
      [
        {
          s: new Set([new Set([new Set()])]),
          m: new Map<string, unknown>([
            ["a", 1],
            ["b", new Map()],
          ]),
          l: [[], [[]]],
        },
        true,
      ],
      [{ s: new Set([1]), m: new Map(), l: [] }, false],
      [{ s: new Set(), m: new Map([["a", "x"]]), l: [] }, false],
      [{ s: new Set(), m: new Map(), l: [[], [], []] }, false],
      [{ s: [], m: {}, l: new Set() }, false],
    ],
  ],
  // Index signatures (signatures.ts): only dictionaries; a record beside a dictionary that accepts
  // the record's own field values; fields beside a template-key dictionary for `equals`.
  signatures: [
    t.record({
      dicts: t.intersection(
        t.dict(tpl("x-", t.string()), t.string()),
        t.dict(tpl("n-", t.integer()), t.number()),
      ),
      field: t.intersection(t.record({ a: t.string() }), t.dict(t.string(), t.union(t.string(), t.number()))),
      exact: t.intersection(t.record({ id: t.number() }), t.dict(tpl("x-", t.string()), t.string())),
    }),
    [
      [{ dicts: { "x-a": "s", "n-1": 2 }, field: { a: "x", z: 2 }, exact: { id: 1, "x-a": "s" } }, true],
      [{ dicts: {}, field: { a: "x" }, exact: { id: 1 } }, true],
      [{ dicts: { other: true }, field: { a: "x" }, exact: { id: 1, other: 1 } }, true, false],
      [{ dicts: {}, field: { a: "x" }, exact: { id: 1, other: undefined } }, true, true],
      [{ dicts: 5, field: { a: "x" }, exact: { id: 1 } }, false],
      [{ dicts: "x-a", field: { a: "x" }, exact: { id: 1 } }, false],
      [{ dicts: [], field: { a: "x" }, exact: { id: 1 } }, false],
      [{ dicts: null, field: { a: "x" }, exact: { id: 1 } }, false],
      [{ dicts: {}, field: { a: 1 }, exact: { id: 1 } }, false],
      [{ dicts: {}, field: {}, exact: { id: 1 } }, false],
      [{ dicts: { "x-a": 1 }, field: { a: "x" }, exact: { id: 1, "x-b": 2 } }, false],
    ],
  ],
  // `undefined` where a leaf test is inlined: a field, a tuple element, a union member.
  undefinedLeaf: [
    t.record({
      u: t.undefined(),
      tu: t.tuple(t.undefined(), t.number()),
      un: t.union(t.undefined(), t.literal(1), t.bool()),
    }),
    [
      [{ tu: [undefined, 1] }, true],
      [{ u: undefined, tu: [undefined, 1], un: true }, true],
      [{ u: true, tu: [undefined, 1] }, false],
      [{ u: false, tu: [undefined, 1] }, false],
      [{ tu: [true, 1] }, false],
      [{ tu: [false, 1] }, false],
      [{ tu: [undefined, 1], un: 2 }, false],
    ],
  ],
  // Unions inlined as comparisons only when every member is a literal.
  literalAndOther: [
    t.record({
      f: t.union(t.literal("a"), t.number()),
      g: t.union(t.literal(1), t.literal(2), t.string(), t.literal(true)),
    }),
    [
      [{ f: "a", g: 1 }, true],
      [{ f: 1, g: "x" }, true],
      [{ f: -2.5, g: "" }, true],
      [{ f: "b", g: 1 }, false],
      [{ f: undefined, g: 1 }, false],
      [{ f: 1, g: false }, false],
      [{ f: 1, g: 3 }, false],
    ],
  ],
  // Optional elements before a rest element: each is checked where the array reaches it.
  optionalHead: [
    t.record({
      lone: t.tuple(t.optionalElement(t.string()), t.restElement(t.number())),
      two: t.tuple(t.string(), t.optionalElement(t.number()), t.restElement(t.integer())),
    }),
    [
      [{ lone: [], two: ["a"] }, true],
      [{ lone: ["a", 1, 2], two: ["a", 1.5, 2] }, true],
      [{ lone: [undefined, 1], two: ["a", undefined, 3] }, true],
      [{ lone: [5], two: ["a"] }, false],
      [{ lone: [], two: ["a", "b"] }, false],
      [{ lone: [1, 2], two: ["a", "b", 3] }, false],
    ],
  ],
};

describe("generated code == interpreter where the generator keeps books", () => {
  for (const [name, [expr, rows]] of Object.entries(CASES)) {
    it(name, () => {
      const interpreted = schemaFromExpr(expr);
      const compiled = load(expr);
      const verdicts = new Set<boolean>();
      rows.forEach(([value, is, equals = is], row) => {
        const at = `${name} row ${row}`;
        if (is !== undefined) {
          expect([interpreted.is(value), interpreted.equals(value)], `${at}: the docs' verdict`).toEqual([
            is,
            equals,
          ]);
        }
        verdicts.add(interpreted.is(value));
        expect(compiled.is(value), `${at}: is`).toBe(interpreted.is(value));
        expect(compiled.equals(value), `${at}: equals`).toBe(interpreted.equals(value));
        expect(compiled.issues(value), `${at}: issues`).toEqual(
          issuesOf(interpreted, value, Number.POSITIVE_INFINITY),
        );
        expect(compiled.issues(value, 1), `${at}: first issue`).toEqual(issuesOf(interpreted, value, 1));
        expect(compiled.issues(value, 2), `${at}: two issues`).toEqual(issuesOf(interpreted, value, 2));
      });
      expect([...verdicts].sort()).toEqual([false, true]);
    });
  }
});

describe("the generated module", () => {
  it("runs in strict mode: a getter cannot reach the generated functions as its caller", () => {
    // Written outside this (strict) module so that `get.caller` is readable at all: V8 answers
    // null when the caller is strict code, and the caller itself when it is sloppy code.
    const exposing = new Function(
      'return Object.defineProperty({}, "a", { enumerable: true, get: function get() { return get.caller === null ? 1 : "caller seen"; } });',
    ) as () => unknown;
    const expr = t.record({ a: t.number() });
    const interpreted = schemaFromExpr(expr);
    const compiled = load(expr);
    expect(interpreted.is(exposing())).toBe(true);
    expect(compiled.is(exposing())).toBe(true);
    expect(compiled.equals(exposing())).toBe(true);
    expect(compiled.issues(exposing())).toEqual([]);
  });

  // A subtree used twice in the input stays one object in the canonical form; its code is emitted
  // once. Eight levels of a record holding the level below twice is 2^8 record checks as a tree.
  it("emits a shared subtree's `is`, `equals` and issue-collecting functions once", () => {
    let level: TypeExpr = t.record({ v: t.number() });
    for (let i = 0; i < 8; i++) level = t.record({ a: level, b: level });
    const source = compileValidatorSource(level);
    const count = (re: RegExp) => source.match(re)?.length ?? 0;
    // 9 distinct records, each checked by `is`, by `equals` and by the issue collector; a copy per
    // use would be 511 of each.
    expect(count(/function f\d+\(/g)).toBeLessThanOrEqual(2 * 9);
    expect(count(/function e\d+\(/g)).toBeLessThanOrEqual(2 * 9);
    expect(count(/function w\d+\(/g)).toBeLessThanOrEqual(2 * 9);
    const interpreted = schemaFromExpr(level);
    const compiled = load(level);
    // Valid; then a value sharing its parts the same way, wrong at its leaf but for one branch
    // (level 5 holds a valid part): 2^7 paths lead to the wrong leaf, one issue each.
    const valid: unknown[] = [{ v: 1 }];
    let wrong: unknown = { v: "1" };
    for (let i = 0; i < 8; i++) {
      valid.push({ a: valid[i], b: valid[i] });
      wrong = { a: wrong, b: i === 5 ? valid[i] : wrong };
    }
    const value = valid[8];
    for (const v of [value, wrong]) {
      expect([compiled.is(v), compiled.equals(v)]).toEqual([interpreted.is(v), interpreted.equals(v)]);
      expect(compiled.issues(v)).toEqual(issuesOf(interpreted, v, Number.POSITIVE_INFINITY));
      expect(compiled.issues(v, 3)).toEqual(issuesOf(interpreted, v, 3));
    }
    expect(issuesOf(interpreted, wrong, Number.POSITIVE_INFINITY)).toHaveLength(2 ** 7);
  });

  it("declares a repeated constant once", () => {
    // Twenty separate (unshared) enum nodes with the same members: one Set serves them all.
    const expr = t.record(
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, t.enum(["a", "b"])])),
    );
    const source = compileValidatorSource(expr);
    expect(source.split('new Set(["a","b"])').length - 1).toBe(1);
    const compiled = load(expr);
    const value = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, i % 2 ? "a" : "b"]));
    expect(compiled.is(value)).toBe(true);
    expect(compiled.is({ ...value, f7: "c" })).toBe(false);
  });
});
