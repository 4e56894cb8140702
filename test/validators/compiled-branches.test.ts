/**
 * Every branch of the code generator (compile.ts, compile-validate.ts) against the interpreter, its
 * second implementation: one small type per branch (each key kind of a dictionary, each tuple form,
 * each union strategy, each constraint on each kind of base, each template hole), judged on values
 * picked at the branch's edges plus sampled valid, near-valid and odd ones. `is`, `equals` and the
 * issue lists (all of them, and at most one) must be the interpreter's, and each type must see both
 * verdicts. Where the verdict is plain from docs/semantics.md the table states it as well.
 */
import { schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { load } from "./compiled.js";
import { edgeValue, nearValid, validValue } from "./values.js";

/**
 * A value and the verdict the docs give it: [value, is, equals (default: is)]; a value alone is
 * only compared with the interpreter (docs/semantics.md says nothing plain about it).
 */
type Row = [unknown, boolean?, boolean?];

const num = (
  kind: "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf",
  value: number,
) => ({ kind, value }) as const;
const len = (kind: "minLength" | "maxLength", value: number) => ({ kind, value }) as const;
const fn: TypeExpr = { kind: "function", params: [], returns: { kind: "any" } };
const tree = t.recursive("T", (self) => t.record({ v: t.number(), kids: t.list(self) }));
const chain = t.recursive("C", (self) => t.union(t.null(), t.record({ v: t.number(), next: self })));
const sharedA = t.record({ a: t.optionalField(t.string()) });
const sharedB = t.record({ b: t.number() });
const proxyLength = (length: number) =>
  new Proxy([], { get: (o, k) => (k === "length" ? length : Reflect.get(o, k)) });

const CASES: Record<string, [TypeExpr, Row[]]> = {
  bounds: [
    t.record({
      r: t.range(-3, 3),
      br: t.bigintRange(0n, 10n),
      huge: t.refine(t.bigint(), num("maximum", 2 ** 53)),
    }),
    [
      [{ r: -3, br: 0n, huge: 2n ** 53n + 1n }, true],
      [{ r: 3, br: 10n, huge: -(2n ** 60n) }, true],
      [{ r: -4, br: -1n, huge: 2n ** 53n + 2n ** 11n }, false],
      [{ r: 4, br: 11n, huge: 2n ** 54n }, false],
      [{ r: 2.5, br: 5, huge: 1 }, false],
    ],
  ],
  // A subtree of one shape with a ref under two binders: each must call its own binder.
  twoRecursions: [
    t.record({
      a: t.recursive("A", (self) => t.record({ x: t.list(self) })),
      b: t.recursive("B", (self) => t.record({ y: t.list(self) })),
    }),
    [
      [{ a: { x: [{ x: [] }] }, b: { y: [{ y: [] }] } }, true],
      [{ a: { x: [{ y: [] }] }, b: { y: [] } }, false],
      [{ a: { x: [] }, b: { y: [{ x: [] }] } }, false],
    ],
  ],
  // A ref to the outer of two binders (de Bruijn index 1).
  nestedBinders: [
    t.recursive("Outer", (outer) =>
      t.record({
        name: t.string(),
        inner: t.optionalField(
          t.recursive("Inner", (inner) =>
            t.record({ up: t.optionalField(outer), next: t.optionalField(inner) }),
          ),
        ),
      }),
    ),
    [
      [{ name: "a", inner: { next: { up: { name: "b" } } } }, true],
      [{ name: "a", inner: { up: { next: {} } } }, false],
      [{ name: "a", inner: { next: { next: { up: { name: 1 } } } } }, false],
    ],
  ],
  // Members that recurse: a member failing deep down must not sink the whole value when another fits.
  rescued: [
    t.recursive("R", (self) => t.union(t.record({ a: self }), t.record({ a: t.number() }), t.list(self))),
    [
      [{ a: { a: 5 } }, true],
      [[{ a: 1 }, [{ a: { a: 2 } }]], true],
      [{ a: { a: "5" } }, false],
      [[{ a: 1 }, "x"], false],
    ],
  ],
  // A required field whose recursive type admits undefined at its top.
  undefinedThroughRecursion: [
    t.union(
      t.record({
        n: t.recursive("N", (self) => t.optional(t.record({ v: t.number(), next: self }))),
        u: t.union(
          t.literal(1),
          t.recursive("U", (self) => t.optional(t.list(self))),
        ),
      }),
      t.record({ ok: t.literal(true) }),
    ),
    [
      [{ ok: true }, true],
      [{ n: undefined, u: 1 }],
      [{ n: { v: 1 } }],
      [{ n: { v: 1, next: undefined }, u: undefined }],
      [{ u: [[]] }],
      [{}],
    ],
  ],
  leaves: [
    t.record({
      u: t.null(),
      b: t.bool(),
      s: t.string(),
      g: t.bigint(),
      f: fn,
      i: t.integer(),
      r: t.range(-3, 3),
      br: t.bigintRange(0n, 10n),
      l: t.literal("x"),
      bl: t.bigintLiteral(7n),
      e: t.enum([1, "two"]),
      by: t.bytes(),
      d: t.date(),
    }),
    [
      [
        {
          u: null,
          b: true,
          s: "",
          g: 1n,
          f: () => 0,
          i: 2,
          r: -3,
          br: 10n,
          l: "x",
          bl: 7n,
          e: "two",
          by: new Uint8Array(1),
          d: new Date(0),
        },
        true,
      ],
      [
        {
          u: null,
          b: true,
          s: "",
          g: 1n,
          f: () => 0,
          i: 2,
          r: 4,
          br: 11n,
          l: "y",
          bl: 8n,
          e: 2,
          by: Buffer.from("a"),
          d: 0,
        },
        false,
      ],
      [
        {
          u: undefined,
          b: 1,
          s: 1,
          g: 1,
          f: 1,
          i: 1.5,
          r: 0.5,
          br: -1n,
          l: "x",
          bl: 7,
          e: "1",
          by: [],
          d: "",
        },
        false,
      ],
      [{}, false],
    ],
  ],
  decimals: [
    t.record({ whole: t.fixed(0), cents: t.fixed(2), q: t.ratio() }),
    [
      [{ whole: "-12", cents: "0.05", q: "-1/3" }, true],
      [{ whole: "1.5", cents: "0.055", q: "1/0" }, false],
      [{ whole: "01", cents: "1.", q: "01/2" }, false],
      [{ whole: "-0", cents: "-0.5", q: "0/7" }, true],
      [{ whole: 1, cents: 1, q: 1 }, false],
    ],
  ],
  protoKeys: [
    t.record({
      constructor: t.string(),
      toString: t.optionalField(t.number()),
      plain: t.optional(t.number()),
    }),
    [
      [{}, false],
      [{ constructor: "c" }, true],
      [{ constructor: "c", toString: 1, plain: undefined }, true],
      [{ constructor: "c", toString: "1" }, false],
      [{ constructor: "c", extra: 1 }, true, false],
      [{ constructor: "c", extra: undefined }, true, true],
    ],
  ],
  undefinedFields: [
    t.record({
      u: t.undefined(),
      a: t.any(),
      o: t.optional(t.string()),
      m: t.union(t.string(), t.undefined()),
      k: t.optionalField(t.bool()),
    }),
    [
      [{}, true],
      [{ u: undefined, a: 1, o: "x", m: "y", k: true }, true],
      [{ u: 1 }, false],
      [{ m: 1 }, false],
      [{ k: "no" }, false],
    ],
  ],
  containers: [
    t.record({ list: t.list(t.number()), set: t.set(t.string()), map: t.map(t.string(), t.integer()) }),
    [
      [{ list: [1, 2], set: new Set(["a"]), map: new Map([["a", 1]]) }, true],
      [
        {
          list: [1, "2", 3, "4"],
          set: new Set(["a", 1, 2]),
          map: new Map<unknown, unknown>([
            [1, 1.5],
            ["b", 2],
          ]),
        },
        false,
      ],
      [{ list: new Set([1]), set: ["a"], map: { a: 1 } }, false],
      [{ list: proxyLength(2 ** 32), set: new Set(), map: new Map() }, false],
    ],
  ],
  dictKeys: [
    t.record({
      n: t.dict(t.number(), t.string()),
      i: t.dict(t.integer(), t.string()),
      r: t.dict(t.range(-2, 20), t.string()),
      l: t.dict(t.literal(7), t.string()),
      e: t.dict(t.enum(["a", 2]), t.string()),
      tp: t.dict(t.template(["k-", ""], [t.integer()]), t.string()),
      un: t.dict(t.union(t.literal("x"), t.integer()), t.string()),
      rf: t.dict(t.refine(t.string(), len("minLength", 2)), t.string()),
      b: t.dict(t.bool(), t.string()),
    }),
    [
      [
        {
          n: { "1.5": "a", NaN: "b", Infinity: "c", "-Infinity": "d", "-0": "e" },
          i: {},
          r: {},
          l: {},
          e: {},
          tp: {},
          un: {},
          rf: {},
          b: {},
        },
        false,
      ],
      [
        {
          n: { "1.5": "a", NaN: "b", Infinity: "c", "-Infinity": "d", "1e+21": "e" },
          i: { "-3": "a", "0": "b" },
          r: { "-2": "a", "20": "b" },
          l: { "7": "a" },
          e: { a: "x", "2": "y" },
          tp: { "k-5": "x" },
          un: { x: "a", "-4": "b" },
          rf: { ab: "a" },
          b: {},
        },
        true,
      ],
      [{ n: { "01": "a" }, i: {}, r: {}, l: {}, e: {}, tp: {}, un: {}, rf: {}, b: {} }, false],
      [
        {
          n: {},
          i: { "1.5": "a", "-0": "b", "01": "c" },
          r: { "21": "a", "-3": "b", "-0": "c" },
          l: { "8": "a" },
          e: { b: "x" },
          tp: { "k-x": "a" },
          un: { y: "a" },
          rf: { a: "b" },
          b: { true: "x" },
        },
        false,
      ],
      [
        {
          n: { "1": 1 },
          i: { "1": 1 },
          r: { "1": 1 },
          l: { "7": 1 },
          e: { a: 1 },
          tp: { "k-1": 1 },
          un: { x: 1 },
          rf: { ab: 1 },
          b: {},
        },
        false,
      ],
      [{ n: [], i: {}, r: {}, l: {}, e: {}, tp: {}, un: {}, rf: {}, b: {} }, false],
    ],
  ],
  tuples: [
    t.record({
      opt: t.tuple(t.string(), t.optionalElement(t.number())),
      rest: t.tuple(t.bool(), t.restElement(t.integer())),
      optRest: t.tuple(t.string(), t.optionalElement(t.number()), t.restElement(t.integer())),
      tail: t.tuple(t.string(), t.restElement(t.integer()), t.bool(), t.literal(1)),
      // Required elements whose types admit undefined: the length alone rejects a short tuple.
      loose: t.optionalField(t.tuple(t.any(), t.union(t.number(), t.undefined()))),
      lead: t.optionalField(t.tuple(t.restElement(t.number()), t.string())),
    }),
    [
      [{ opt: ["a"], rest: [true], optRest: ["a"], tail: ["a", true, 1] }, true],
      [
        { opt: ["a"], rest: [true], optRest: ["a"], tail: ["a", true, 1], loose: [undefined, undefined] },
        true,
      ],
      [{ opt: ["a"], rest: [true], optRest: ["a"], tail: ["a", true, 1], loose: [] }, false],
      [{ opt: ["a"], rest: [true], optRest: ["a"], tail: ["a", true, 1], loose: [1] }, false],
      [{ opt: ["a"], rest: [true], optRest: ["a"], tail: ["a", true, 1], lead: ["a"] }, true],
      [{ opt: ["a"], rest: [true], optRest: ["a"], tail: ["a", true, 1], lead: [1, 2, "a"] }, true],
      [{ opt: ["a"], rest: [true], optRest: ["a"], tail: ["a", true, 1], lead: [1] }, false],
      // Array-likes are not tuples: a string, an object with a length.
      [{ opt: "a", rest: [true], optRest: ["a"], tail: ["a", true, 1] }, false],
      [{ opt: ["a"], rest: [true], optRest: { length: 1, 0: "a" }, tail: ["a", true, 1] }, false],
      [{ opt: [undefined, 1], rest: [undefined], optRest: [undefined], tail: [undefined, true, 1] }, false],
      [{ opt: ["a"], rest: [true], optRest: ["a"], tail: [undefined, true, 1] }, false],
      [{ opt: ["a", 1], rest: [true, 1, 2], optRest: ["a", 2.5, 3, 4], tail: ["a", 2, 3, true, 1] }, true],
      [{ opt: ["a", undefined], rest: [false], optRest: ["a", undefined, 5], tail: ["a", false, 1] }, true],
      [{ opt: ["a", 1, 2], rest: [true, 1.5], optRest: ["a", "b", 1.5], tail: ["a", 1.5, true, 2] }, false],
      [{ opt: [1, "x"], rest: [], optRest: [], tail: [true, 1] }, false],
      [{ opt: [], rest: ["t", 1, "x", 2.5], optRest: [1], tail: ["a", true] }, false],
      [
        {
          opt: proxyLength(2 ** 32),
          rest: proxyLength(2 ** 32),
          optRest: proxyLength(2 ** 32),
          tail: proxyLength(2 ** 32),
        },
        false,
      ],
      [{ opt: "a", rest: {}, optRest: 1, tail: null }, false],
    ],
  ],
  intersections: [
    t.record({
      both: t.intersection(t.record({ a: t.string() }), t.record({ b: t.optionalField(t.number()) })),
      sig: t.intersection(t.record({ a: t.string() }), t.dict(t.string(), t.union(t.string(), t.number()))),
      sig2: t.intersection(
        t.record({ id: t.number() }),
        t.dict(t.template(["x-", ""], [t.string()]), t.string()),
        t.dict(t.template(["n-", ""], [t.integer()]), t.number()),
      ),
      mixed: t.intersection(
        t.record({ a: t.string() }),
        t.union(t.record({ b: t.number() }), t.record({ c: t.bool() })),
      ),
    }),
    [
      [
        {
          both: { a: "x" },
          sig: { a: "y", z: 1 },
          sig2: { id: 1, "x-a": "s", "n-1": 2 },
          mixed: { a: "x", b: 1 },
        },
        true,
      ],
      [
        {
          both: { a: "x", b: 1, extra: 1 },
          sig: { a: "y" },
          sig2: { id: 1, other: true },
          mixed: { a: "x", c: true },
        },
        true,
        false,
      ],
      [
        {
          both: { a: "x", b: undefined, extra: undefined },
          sig: { a: "y", z: undefined },
          sig2: { id: 1, stray: undefined },
          mixed: { a: "x", c: true, d: undefined },
        },
        false,
        false,
      ],
      [
        {
          both: { a: 1, b: "1" },
          sig: { a: 1, z: true },
          sig2: { id: "1", "x-a": 1, "n-1": "2" },
          mixed: { a: "x", b: "1", c: 1 },
        },
        false,
      ],
      [{ both: [], sig: [], sig2: "x", mixed: [] }, false],
    ],
  ],
  unions: [
    t.record({
      never: t.optionalField(t.never()),
      none: t.optionalField(t.list(t.never())),
      few: t.union(t.literal(1), t.literal("a"), t.literal(true)),
      many: t.union(...Array.from({ length: 10 }, (_, i) => t.literal(`m${i}`))),
      tagged: t.union(
        t.record({ kind: t.literal(1), a: t.string() }),
        t.record({ kind: t.literal(2), b: t.number() }),
        t.record({ kind: t.literal(3) }),
      ),
      records: t.union(
        t.record({ a: t.string(), n: t.optionalField(t.number()) }),
        t.record({ b: t.number() }),
        t.record({ a: t.number(), c: t.bool() }),
        t.record({ constructor: t.string(), toString: t.number() }),
      ),
      loose: t.union(t.string(), t.list(t.number()), t.record({ z: t.bool() })),
    }),
    [
      // Keys named like Object.prototype's count only when own; inherited ones are not read.
      [
        {
          few: 1,
          many: "m1",
          tagged: { kind: 3 },
          records: Object.assign(Object.create({ constructor: "c" }), { toString: 1 }),
          loose: "s",
        },
      ],
      [
        {
          few: 1,
          many: "m1",
          tagged: { kind: 3 },
          records: Object.create({ a: "inherited" }),
          loose: Object.create({ z: true }),
        },
      ],
      [{ few: 1, many: "m9", tagged: { kind: 1, a: "x" }, records: { a: "x" }, loose: "s", none: [] }, true],
      [{ few: "a", many: "m0", tagged: { kind: 3 }, records: { b: 1 }, loose: [1] }, true],
      [
        { few: true, many: "m5", tagged: { kind: 2, b: 1 }, records: { a: 1, c: false }, loose: { z: true } },
        true,
      ],
      [
        {
          few: true,
          many: "m5",
          tagged: { kind: 2, b: 1 },
          records: { constructor: "c", toString: 1 },
          loose: { z: true, y: 1 },
        },
        true,
        false,
      ],
      [
        { never: 1, few: 2, many: "m10", tagged: { kind: 4 }, records: { a: true }, loose: 1, none: [1] },
        false,
      ],
      [
        { few: 1, many: "m9", tagged: { kind: 1, a: "x" }, records: { a: "x" }, loose: "s", none: [null] },
        false,
      ],
      [
        {
          never: undefined,
          few: "b",
          many: "M1",
          tagged: { kind: 1, a: 1 },
          records: { c: true },
          loose: [1, "x"],
        },
        false,
      ],
      [{ few: false, many: 1, tagged: [], records: [], loose: { z: 1 } }, false],
      [{ few: 1, many: "m1", tagged: { kind: 2, b: "x" }, records: { a: 1 }, loose: null }, false],
      [
        {
          few: 1,
          many: "m1",
          tagged: { kind: 1, a: "x", b: 1 },
          records: { b: 1, a: "x", zz: 1 },
          loose: "s",
        },
        true,
        false,
      ],
    ],
  ],
  // One subtree checked as a union member, where the union already knows the object (and read one
  // key), and on its own, where nothing is known. The canonical form shares a subtree only where the
  // input does (equal but separate objects stay separate), so the input shares them.
  shared: [
    t.record({
      u: t.union(sharedA, sharedB),
      x: sharedA,
      y: sharedB,
    }),
    [
      [{ u: { a: "s" }, x: {}, y: { b: 1 } }, true],
      [{ u: { b: 1 }, x: { a: "t" }, y: { b: 2, c: 1 } }, true, false],
      [{ u: {}, x: 5, y: { b: 1 } }, false],
      [{ u: { a: 1, b: 1 }, x: [], y: { b: "1" } }, false],
      [{ u: { a: 1 }, x: "abc", y: [] }, false],
      [{ u: { b: 1 }, x: Object.create({ a: 1 }), y: Object.create({ b: 1 }) }],
    ],
  ],
  recursion: [
    t.record({
      tree,
      chain,
      mutual: t.optional(
        t.recursive("M", (self) => t.optional(t.record({ m: t.optionalField(self), n: t.number() }))),
      ),
    }),
    [
      [{ tree: { v: 1, kids: [{ v: 2, kids: [] }] }, chain: null, mutual: { n: 0 } }, true],
      [
        {
          tree: { v: 1, kids: [{ v: "2", kids: [] }] },
          chain: { v: 1, next: { v: 2, next: "x" } },
          mutual: { n: 0 },
        },
        false,
      ],
      [
        {
          tree: { v: 1, kids: [] },
          chain: { v: 1, next: { v: 2, next: null } },
          mutual: { n: 1, m: { n: 2 } },
        },
        true,
      ],
      [
        {
          tree: { v: 1, kids: [], x: 1 },
          chain: { v: 1, next: { v: 2, next: null, y: 2 } },
          mutual: { n: 1, m: { n: 2, z: 1 } },
        },
        true,
        false,
      ],
      [{ tree: { v: 1, kids: [] }, chain: null, mutual: { n: 1, m: { n: "2" } } }, false],
    ],
  ],
  numbers: [
    t.record({
      ge: t.refine(t.number(), num("minimum", 0)),
      gt: t.refine(t.number(), num("exclusiveMinimum", 0)),
      le: t.refine(t.integer(), num("maximum", 10)),
      lt: t.refine(t.range(-100, 100), num("exclusiveMaximum", 10)),
      step: t.refine(t.number(), num("multipleOf", 0.5)),
      big: t.refine(t.bigint(), num("minimum", 5), num("maximum", 9)),
      either: t.refine(t.union(t.number(), t.string()), num("minimum", 2), len("maxLength", 3)),
    }),
    [
      [{ ge: 0, gt: 0.1, le: 10, lt: 9, step: 1.5, big: 5n, either: 2 }, true],
      [{ ge: -0.1, gt: 0, le: 11, lt: 10, step: 1.2, big: 4n, either: 1 }, false],
      [{ ge: 5, gt: 5, le: 10.5, lt: 10.5, step: Number.POSITIVE_INFINITY, big: 10n, either: "abcd" }, false],
      [{ ge: 1, gt: 1, le: 9, lt: -101, step: -2, big: 9n, either: "ab" }, false],
      [{ ge: 1, gt: 1, le: 9, lt: -100, step: -2, big: 9n, either: true }, false],
    ],
  ],
  strings: [
    t.record({
      short: t.refine(t.string(), len("minLength", 2), len("maxLength", 4)),
      code: t.refine(t.string(), { kind: "pattern", value: "^[a-z]{2}\\d$" }),
      id: t.refine(t.string(), { kind: "format", value: "uuid" }),
      day: t.refine(t.string(), { kind: "format", value: "date" }),
      odd: t.optionalField(t.refine(t.string(), { kind: "format", value: "toString" })),
      bytes: t.refine(t.bytes(), len("maxLength", 2)),
      list: t.refine(t.list(t.number()), len("minLength", 1)),
      tpl: t.refine(t.template(["v", ""], [t.integer()]), len("maxLength", 3)),
    }),
    [
      [
        {
          short: "ab",
          code: "ab1",
          id: "123e4567-e89b-12d3-a456-426614174000",
          day: "2024-02-29",
          bytes: new Uint8Array(2),
          list: [1],
          tpl: "v12",
        },
        true,
      ],
      [
        {
          short: "a",
          code: "abc",
          id: "nope",
          day: "2023-02-29",
          bytes: new Uint8Array(3),
          list: [],
          tpl: "v123",
        },
        false,
      ],
      [
        {
          short: "abcde",
          code: "AB1",
          id: "123e4567-e89b-12d3-a456-42661417400",
          day: "2024-13-01",
          bytes: new Uint8Array(0),
          list: [1],
          tpl: "v1",
        },
        false,
      ],
      [
        {
          short: "abcd",
          code: "ab1",
          id: "123e4567-e89b-12d3-a456-426614174000",
          day: "2024-02-29",
          odd: "x",
          bytes: new Uint8Array(0),
          list: [1],
          tpl: "v1",
        },
        false,
      ],
    ],
  ],
  templates: [
    t.record({
      holes: t.template(
        ["<", ":", ":", ":", ":", ":", ">"],
        [
          t.string(),
          t.union(t.literal("a"), t.literal("b")),
          t.number(),
          t.bigint(),
          t.range(0, 9),
          t.bool(),
        ],
      ),
      nested: t.template(
        ["(", ")"],
        [t.union(t.template(["n", ""], [t.integer()]), t.literal("z"), t.null(), t.undefined())],
      ),
      many: t.template(["", "!"], [t.enum(["a", "b", "c", "d", "e", "f", "g", "h", "i"])]),
      big: t.template(["#", ""], [t.bigintRange(0n, 99n)]),
      refined: t.template(["=", ""], [t.refine(t.number(), num("minimum", 1))]),
      optional: t.template(["?", ""], [t.optional(t.literal("q"))]),
      none: t.optionalField(t.template(["", ""], [t.date()])),
    }),
    [
      [
        {
          holes: "<x:a:1.5:-3:9:true>",
          nested: "(n1)",
          many: "i!",
          big: "#99",
          refined: "=1",
          optional: "?q",
        },
        true,
      ],
      [
        {
          holes: "<:b:-0:0:0:false>",
          nested: "(null)",
          many: "a!",
          big: "#0",
          refined: "=1e3",
          optional: "?undefined",
        },
        true,
      ],
      [
        {
          holes: "<x:c:1.5:-3:9:true>",
          nested: "(n1.5)",
          many: "j!",
          big: "#100",
          refined: "=0",
          optional: "?r",
        },
        false,
      ],
      [
        {
          holes: "<x:a:x:1.5:10:yes>",
          nested: "(undefined)",
          many: "a",
          big: "#-1",
          refined: "=x",
          optional: "?",
        },
        false,
      ],
      [
        {
          holes: "<x:a:1:1n:1:true>",
          nested: "(y)",
          many: "a!",
          big: "#01",
          refined: "=01",
          optional: "?q",
          none: "x",
        },
        false,
      ],
      [{ holes: 1, nested: 1, many: 1, big: 1, refined: 1, optional: 1 }, false],
    ],
  ],
};

/** Sampled values for a type: valid, near-valid (one spot replaced) and odd JavaScript values. */
function sampled(expr: TypeExpr, seed: number): unknown[] {
  return [
    ...fc.sample(validValue(expr), { numRuns: 40, seed }),
    ...fc.sample(nearValid(expr), { numRuns: 80, seed: seed + 1 }),
    ...fc.sample(edgeValue(), { numRuns: 10, seed: seed + 2 }),
  ];
}

const issuesOf = (schema: ReturnType<typeof schemaFromExpr>, v: unknown, maxIssues: number) => {
  const r = schema.validate(v, { maxIssues });
  return r.success ? [] : r.errors;
};

describe("generated code == interpreter, branch by branch", () => {
  Object.entries(CASES).forEach(([name, [expr, rows]], n) => {
    it(name, () => {
      const interpreted = schemaFromExpr(expr);
      const compiled = load(expr);
      rows.forEach(([value, is, equals = is], row) => {
        if (is === undefined) return;
        expect([interpreted.is(value), interpreted.equals(value)], `${name} row ${row}`).toEqual([
          is,
          equals,
        ]);
      });
      const values = [...rows.map((r) => r[0]), ...sampled(expr, 1000 * n)];
      const verdicts = new Set<boolean>();
      for (const v of values) {
        const verdict = interpreted.is(v);
        verdicts.add(verdict);
        expect(compiled.is(v), "is").toBe(verdict);
        expect(compiled.equals(v), "equals").toBe(interpreted.equals(v));
        expect(compiled.issues(v), "issues").toEqual(issuesOf(interpreted, v, Number.POSITIVE_INFINITY));
        expect(compiled.issues(v, 1), "first issue").toEqual(issuesOf(interpreted, v, 1));
        expect(compiled.issues(v, 2), "two issues").toEqual(issuesOf(interpreted, v, 2));
      }
      expect([...verdicts].sort()).toEqual([false, true]);
    });
  });
});

describe("generated code == interpreter on values that read badly", () => {
  const getter = (key: string, read: () => unknown, extra: Record<string, unknown> = {}) =>
    Object.defineProperty({ ...extra }, key, { get: read, enumerable: true });
  /** A getter answering a wrong value, then a right one, alternately. */
  const flipping = (key: string, wrong: unknown, right: unknown, extra: Record<string, unknown> = {}) => {
    let n = 0;
    return getter(key, () => (n++ % 2 === 0 ? wrong : right), extra);
  };
  const pair = t.record({ a: t.string(), z: t.string() });
  const either = t.union(t.record({ a: t.string() }), t.record({ b: t.number() }));
  const cases: [string, TypeExpr, () => unknown][] = [
    [
      "a getter throwing a string after an issue",
      pair,
      () =>
        getter(
          "z",
          () => {
            throw "boom";
          },
          { a: 5 },
        ),
    ],
    [
      "a getter throwing an Error first",
      pair,
      () =>
        getter("a", () => {
          throw new Error("first");
        }),
    ],
    ["a field that reads wrong, then right", pair, () => flipping("a", 1, "x", { z: "z" })],
    ["a union member that reads wrong, then right", either, () => flipping("a", 1, "x")],
    ["a union member that reads right, then wrong", either, () => flipping("a", "x", 1)],
  ];
  for (const [name, expr, make] of cases) {
    it(name, () => {
      const interpreted = schemaFromExpr(expr);
      const compiled = load(expr);
      for (const max of [1, 2, Number.POSITIVE_INFINITY]) {
        const expected = issuesOf(interpreted, make(), max);
        expect(compiled.issues(make(), max === Number.POSITIVE_INFINITY ? undefined : max)).toEqual(expected);
      }
      expect(compiled.is(make())).toBe(interpreted.is(make()));
      expect(compiled.equals(make())).toBe(interpreted.equals(make()));
    });
  }
});

describe("generated code == interpreter at the depth limit", () => {
  it("a chain of 998 to 1002 levels, alone, in a list and in a record", () => {
    const chain = t.recursive("Chain", (self) => t.union(t.null(), t.record({ next: self })));
    const tree = t.recursive("Tree", (self) => t.record({ kids: t.list(self) }));
    for (const expr of [chain, t.list(chain), t.record({ c: chain, t: tree })]) {
      const interpreted = schemaFromExpr(expr);
      const compiled = load(expr);
      const verdicts: boolean[] = [];
      for (let depth = 998; depth <= 1002; depth++) {
        let c: unknown = null;
        let tr: unknown = { kids: [] };
        for (let i = 0; i < depth; i++) {
          c = { next: c };
          tr = { kids: [tr] };
        }
        const value = expr === chain ? c : expr.kind === "list" ? [c] : { c, t: tr };
        verdicts.push(interpreted.is(value));
        expect(compiled.is(value), `is at ${depth}`).toBe(interpreted.is(value));
        expect(compiled.equals(value), `equals at ${depth}`).toBe(interpreted.equals(value));
        expect(compiled.issues(value), `issues at ${depth}`).toEqual(
          issuesOf(interpreted, value, Number.POSITIVE_INFINITY),
        );
      }
      // "at most 1000 levels of nesting": the limit falls inside the range.
      expect(verdicts[0]).toBe(true);
      expect(verdicts[4]).toBe(false);
    }
  });
});
