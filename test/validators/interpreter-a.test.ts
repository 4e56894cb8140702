/**
 * The interpreter (`schemaFromExpr`) kind by kind, for the checks the other files of the
 * validators-interpret mutation list leave out (issue 20): the leaf kinds, containers (list, set,
 * map, dict, records, index signatures, intersections), when collecting stops, integer ranges beyond
 * 2^53 and nesting depth. Oracles: TypeScript's checker for what it can decide; otherwise the
 * documented verdicts (docs/semantics.md, docs/refinements.md, docs/type-expr-spec.md), each cited.
 * Every issue list is also asked of the run-time compiled back end (a second implementation; the
 * two share no code for these kinds) and must be the same.
 */
import {
  compileSchema,
  compileValidatorSource,
  schemaFromExpr,
  type TypeExpr,
  t,
  type ValidationIssue,
} from "@causality/schema";
import { describe, expect, it } from "vitest";
import { tsAccepts } from "../oracles/ts-checker.js";

const interpreter = (expr: TypeExpr) => schemaFromExpr(expr);

/** The interpreter's issues as `code@path`, held equal to the compiled back end's. */
function issues(expr: TypeExpr, value: unknown, maxIssues?: number): string[] {
  const options = maxIssues === undefined ? undefined : { maxIssues };
  const text = (r: { success: boolean; errors?: ValidationIssue[] }) =>
    r.success ? [] : r.errors!.map((e) => `${e.code}@${e.path}`);
  const mine = text(interpreter(expr).validate(value, options));
  expect(text(compileSchema(expr).validate(value, options)), "compiled back end").toEqual(mine);
  return mine;
}

/** An object whose key `key` throws when read: checking goes no further than the issues before it. */
function throwing(key: string, before: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.defineProperty({ ...before }, key, {
    enumerable: true,
    get: () => {
      throw new Error("read after the cap");
    },
  });
}
const UNREADABLE = "unreadable@$input";

const L = t.recursive("L", (self) => t.record({ v: t.number(), next: t.optionalField(self) }));
const PRELUDE = "type L = { v: number; next?: L };";

describe("kinds and intersections accept what TypeScript accepts", () => {
  // [TypeScript type, TypeExpr, values as TypeScript source]; each value is also evaluated in JS.
  // TypeScript's excess-property check is `equals`; where no value has a key the type leaves
  // undeclared, `is` and `validate` agree with it too.
  const TABLE: [string, TypeExpr, string[], ("all" | "equals")?][] = [
    ["any", t.any(), ["1", '"x"', "null", "undefined", "{}", "[1]"]],
    ["undefined", t.undefined(), ["undefined", "null", "0", '""']],
    ["boolean", t.bool(), ["true", "false", "1", '"true"', "null"]],
    ['"a"', t.literal("a"), ['"a"', '"b"', "1"]],
    ["1", t.literal(1), ["1", "2", '"1"']],
    ["true", t.literal(true), ["true", "false"]],
    ["5n", t.bigintLiteral(5n), ["5n", "6n", "-5n", "5"]],
    ["-7n", t.bigintLiteral(-7n), ["-7n", "7n"]],
    [
      "(number | undefined)[]",
      t.list(t.optional(t.number())),
      ["[1, undefined]", "[undefined]", '["x"]', "[null]"],
    ],
    [
      "number[] | string[]",
      t.union(t.list(t.number()), t.list(t.string())),
      ['["a", "b"]', "[1, 2]", '[1, "a"]'],
    ],
    [
      "Record<string, number>",
      t.dict(t.string(), t.number()),
      ["{ a: 1, b: 2 }", '{ a: "x" }', '{ a: 1, b: "x" }'],
    ],
    // An intersection (or index signatures) reached through a union member of an outer
    // intersection: the outer one's key `z` is no excess key of the inner one (equals below).
    [
      "{ z: number } & (({ a: number } & { b: string }) | null)",
      t.intersection(
        t.record({ z: t.number() }),
        t.union(t.intersection(t.record({ a: t.number() }), t.record({ b: t.string() })), t.null()),
      ),
      ['{ z: 1, a: 1, b: "" }', "{ z: 1, a: 1, b: 2 }"],
    ],
    [
      "{ z: number } & (({ id: number } & { [k: `x-${string}`]: number }) | null)",
      t.intersection(
        t.record({ z: t.number() }),
        t.union(
          t.intersection(
            t.record({ id: t.number() }),
            t.dict(t.template(["x-", ""], [t.string()]), t.number()),
          ),
          t.null(),
        ),
      ),
      ['{ z: 1, id: 1, "x-a": 1 }', '{ z: 1, id: 1, "x-a": "s" }'],
    ],
    // Members that are not records leave the intersection's keys alone (docs/semantics.md: Extra keys).
    [
      "{ a: number } & ({ b: string } | undefined)",
      t.intersection(t.record({ a: t.number() }), t.optional(t.record({ b: t.string() }))),
      ['{ a: 1, b: "" }', "{ a: 1, b: 2 }", "undefined"],
    ],
    [
      // MaxLength is a phantom type (docs/refinements.md): TypeScript sees the union alone.
      "{ a: number } & ({ b: string } | string[])",
      t.intersection(
        t.record({ a: t.number() }),
        t.refine(t.union(t.record({ b: t.string() }), t.list(t.string())), { kind: "maxLength", value: 5 }),
      ),
      ['{ a: 1, b: "" }', "{ a: 1, b: 2 }"],
    ],
    // A recursive member is checked as by `is` at its top: the other member's key is no excess key.
    [
      "{ a: number } & L",
      t.intersection(t.record({ a: t.number() }), L),
      ["{ a: 1, v: 1 }", "{ a: 1, v: 1, next: { v: 2 } }", '{ a: 1, v: "x" }'],
    ],
    [
      "{ a: number }",
      t.record({ a: t.number() }),
      // (TypeScript also rejects an extra key whose value is undefined; equals does not, as documented.)
      ["{ a: 1 }", "{ a: 1, b: 1 }"],
      "equals",
    ],
  ];
  it("every row", async () => {
    const rows = TABLE.flatMap(([type, expr, values, mode]) =>
      values.map((source) => ({ type, expr, source, mode: mode ?? "all" })),
    );
    const answers = await tsAccepts(
      rows.map((r) => ({ type: r.type, source: r.source })),
      PRELUDE,
    );
    expect(new Set(answers).size).toBe(2);
    rows.forEach(({ type, expr, source, mode }, i) => {
      const value = new Function(`return ${source};`)();
      expect(interpreter(expr).equals(value), `${type} = ${source}: equals`).toBe(answers[i]);
      if (mode === "equals") return;
      expect(interpreter(expr).is(value), `${type} = ${source}`).toBe(answers[i]);
      expect(interpreter(expr).validate(value).success, `${type} = ${source}: validate`).toBe(answers[i]);
    });
  });
});

describe("kinds TypeScript cannot judge, by their documented meaning", () => {
  it("Fixed<S>: decimal strings with at most S fraction digits (docs/refinements.md)", () => {
    const two = interpreter(t.fixed(2));
    const good2 = ["12.50", "12.5", "12", "0", "-3.25", "-0.5", "1234567890.01"];
    const bad2 = ["12.505", "12.", ".5", "01", "1e2", "x12.50", "12.50x", "", "+1", "1,5"];
    for (const s of good2) expect(two.is(s), s).toBe(true);
    for (const s of bad2) expect(two.is(s), s).toBe(false);
    // A string, not a number that prints as one.
    expect(two.is(12)).toBe(false);
    expect(two.is(["12"])).toBe(false);
    const zero = interpreter(t.fixed(0));
    for (const s of ["12", "0", "-7"]) expect(zero.is(s), s).toBe(true);
    for (const s of ["12.5", "12.", "1.0"]) expect(zero.is(s), s).toBe(false);
    const five = interpreter(t.fixed(5));
    expect(five.is("1.12345")).toBe(true);
    expect(five.is("1.123456")).toBe(false);
    expect(issues(t.fixed(2), "1.234")).toEqual(["invalid_type@$input"]);
  });
  it('Ratio: strings "p/q" of integers with q > 0 (docs/refinements.md, docs/type-expr-spec.md)', () => {
    const ratio = interpreter(t.ratio());
    for (const s of ["1/2", "-3/4", "0/1", "12/5", "1/23", "-120/7", "100/100"])
      expect(ratio.is(s), s).toBe(true);
    for (const s of ["1/0", "1/-2", "1/02", "01/2", "x1/2", "1/2x", "1", "1.5/2", "1/2/3", "/2", "1/", "a/2"])
      expect(ratio.is(s), s).toBe(false);
    expect(ratio.is(["1/2"])).toBe(false);
    expect(ratio.is({ toString: () => "1/2" })).toBe(false);
    expect(issues(t.ratio(), "1/0")).toEqual(["invalid_type@$input"]);
  });
  it("function: typeof function (type-expr.ts: the tag exists for parity)", () => {
    const fn = interpreter({ kind: "function", params: [], returns: t.any() });
    expect(fn.is(() => 1)).toBe(true);
    expect(fn.is(class {})).toBe(true);
    expect(fn.is({})).toBe(false);
    expect(fn.is("f")).toBe(false);
  });
  it("integer: a non-number is invalid_type, a fractional number not_integer (docs/semantics.md issue table)", () => {
    expect(issues(t.integer(), "1")).toEqual(["invalid_type@$input"]);
    expect(issues(t.integer(), 1.5)).toEqual(["not_integer@$input"]);
    expect(issues(t.integer(), 2)).toEqual([]);
  });
  it("a field whose type admits undefined may be missing (docs/semantics.md: Missing keys)", () => {
    for (const a of [t.any(), t.undefined(), t.optional(t.string())]) {
      const e = t.record({ a, b: t.number() });
      expect(interpreter(e).is({ b: 1 })).toBe(true);
      expect(interpreter(e).is({ a: undefined, b: 1 })).toBe(true);
      expect(issues(e, {})).toEqual(["missing_key@$input.b"]);
    }
    // `T | null` requires the key.
    expect(issues(t.record({ a: t.union(t.string(), t.null()) }), {})).toEqual(["missing_key@$input.a"]);
  });
});

describe("integer ranges beyond 2^53 compare exactly (docs/refinements.md: Precision above 2^53)", () => {
  it("i64: the doubles 2^63 and -2^64 are out, -2^63 is in", () => {
    const i64 = interpreter(t.i64());
    expect(i64.is(2 ** 63)).toBe(false);
    expect(i64.is(-(2 ** 63))).toBe(true);
    expect(i64.is(-(2 ** 64))).toBe(false);
    expect(i64.is(2 ** 62)).toBe(true);
    expect(issues(t.i64(), 2 ** 63)).toEqual(["too_big@$input"]);
    expect(issues(t.i64(), -(2 ** 64))).toEqual(["too_small@$input"]);
  });
  it("u64 accepts the double 18446744073709549568 and rejects 2^64", () => {
    const u64 = interpreter(t.u64());
    expect(u64.is(2 ** 64 - 2048)).toBe(true); // 18446744073709549568
    expect(u64.is(2 ** 64)).toBe(false);
  });
  it("a bound that is itself a double above 2^53 is included", () => {
    const e = t.range(0n, 2n ** 53n + 2n);
    expect(interpreter(e).is(2 ** 53 + 2)).toBe(true);
    expect(interpreter(e).is(2 ** 53 + 4)).toBe(false);
    const low = t.range(-(2n ** 53n) - 2n, 0n);
    expect(interpreter(low).is(-(2 ** 53) - 2)).toBe(true);
    expect(interpreter(low).is(-(2 ** 53) - 4)).toBe(false);
  });
});

describe("containers report every issue at its path (docs/semantics.md: Issues)", () => {
  it("Set elements [i] in insertion order", () => {
    const e = t.set(t.number());
    expect(interpreter(e).is(new Set([1, 2]))).toBe(true);
    expect(interpreter(e).is(new Set())).toBe(true);
    expect(interpreter(e).is(new Set([1, "x"]))).toBe(false);
    expect(interpreter(e).is([1])).toBe(false);
    expect(issues(e, new Set([1, "x", 2, "y"]))).toEqual([
      "invalid_type@$input[1]",
      "invalid_type@$input[3]",
    ]);
  });
  it("Map entries [i][0] (key) and [i][1] (value)", () => {
    const e = t.map(t.number(), t.string());
    const s = interpreter(e);
    expect(s.is(new Map([[1, "a"]]))).toBe(true);
    expect(s.is(new Map([["x", "a"]]))).toBe(false);
    expect(s.is(new Map([[1, 2]]))).toBe(false);
    expect(s.is(new Map([["x", 2]]))).toBe(false);
    expect(s.is({})).toBe(false);
    expect(
      issues(
        e,
        new Map<unknown, unknown>([
          [1, "a"],
          ["x", "b"],
          [2, 3],
          ["y", 4],
        ]),
      ),
    ).toEqual([
      "invalid_type@$input[1][0]",
      "invalid_type@$input[2][1]",
      "invalid_type@$input[3][0]",
      "invalid_type@$input[3][1]",
    ]);
  });
  it("dictionary values at their keys", () => {
    const e = t.dict(t.string(), t.number());
    expect(issues(e, { a: "x", b: 1, c: null })).toEqual(["invalid_type@$input.a", "invalid_type@$input.c"]);
  });
  it("a failing element inside `T | null` is reported by that member alone (Where a failing union reports)", () => {
    // The member that fits best reports its own issues at their paths; no invalid_union besides.
    expect(issues(t.union(t.null(), t.list(t.number())), ["x", 1, "y"])).toEqual([
      "invalid_type@$input[0]",
      "invalid_type@$input[2]",
    ]);
    expect(issues(t.union(t.null(), t.set(t.number())), new Set(["x", "y"]))).toEqual([
      "invalid_type@$input[0]",
      "invalid_type@$input[1]",
    ]);
    expect(
      issues(t.union(t.null(), t.record({ s: t.set(t.number()) })), { s: new Set(["x", 1, "y"]) }),
    ).toEqual(["invalid_type@$input.s[0]", "invalid_type@$input.s[2]"]);
    expect(
      issues(
        t.union(t.null(), t.map(t.string(), t.number())),
        new Map<unknown, unknown>([
          ["a", "x"],
          [1, 2],
        ]),
      ),
    ).toEqual(["invalid_type@$input[0][1]", "invalid_type@$input[1][0]"]);
    expect(issues(t.union(t.null(), t.dict(t.string(), t.number())), { a: "x", b: "y" })).toEqual([
      "invalid_type@$input.a",
      "invalid_type@$input.b",
    ]);
    const signatures = t.intersection(
      t.record({ id: t.number(), n: t.number() }),
      t.dict(t.template(["x-", ""], [t.string()]), t.number()),
    );
    expect(issues(t.union(t.null(), signatures), { id: "1", n: "2", "x-a": 1 })).toEqual([
      "invalid_type@$input.id",
      "invalid_type@$input.n",
    ]);
    expect(issues(t.union(t.null(), signatures), { id: 1, n: 2, "x-a": "s", "x-b": "t" })).toEqual([
      'invalid_type@$input["x-a"]',
      'invalid_type@$input["x-b"]',
    ]);
  });
});

describe("collecting stops at the cap (docs/semantics.md: Bounded issue lists, Hostile input)", () => {
  // With a cap of one, checking stops at the first issue: a getter that throws further on is never
  // read (it would add `unreadable`); without a cap every issue is listed, then `unreadable`.
  const cases: [string, TypeExpr, () => unknown, string[]][] = [
    [
      "a list",
      t.list(t.record({ a: t.number() })),
      () => [{ a: "x" }, throwing("a")],
      ["invalid_type@$input[0].a"],
    ],
    [
      "a Set",
      t.set(t.record({ a: t.number() })),
      () => new Set([{ a: "x" }, throwing("a")]),
      ["invalid_type@$input[0].a"],
    ],
    [
      "a Map's key",
      t.map(t.number(), t.record({ a: t.number() })),
      () => new Map([["x", throwing("a")]]),
      ["invalid_type@$input[0][0]"],
    ],
    [
      "a Map's value",
      t.map(t.number(), t.record({ a: t.number() })),
      () =>
        new Map([
          [1, { a: "x" }],
          [2, throwing("a")],
        ]),
      ["invalid_type@$input[0][1].a"],
    ],
    [
      "a Map's next key after a value",
      t.map(t.record({ k: t.number() }), t.number()),
      () =>
        new Map<unknown, unknown>([
          [{ k: 1 }, "x"],
          [throwing("k"), 1],
        ]),
      ["invalid_type@$input[0][1]"],
    ],
    [
      "a record",
      t.record({ a: t.number(), b: t.number() }),
      () => throwing("b", { a: "x" }),
      ["invalid_type@$input.a"],
    ],
    [
      "a dictionary",
      t.dict(t.string(), t.number()),
      () => throwing("b", { a: "x" }),
      ["invalid_type@$input.a"],
    ],
    [
      "a dictionary's key",
      t.dict(t.template(["x-", ""], [t.string()]), t.number()),
      () => throwing("x-b", { y: 1 }),
      ["invalid_key@$input.y"],
    ],
    [
      "an intersection",
      t.intersection(t.record({ a: t.number() }), t.record({ b: t.number() })),
      () => throwing("b", { a: "x" }),
      ["invalid_type@$input.a"],
    ],
    [
      "index signatures",
      t.intersection(t.record({ id: t.number() }), t.dict(t.template(["x-", ""], [t.string()]), t.number())),
      () => throwing("x-b", { id: 1, "x-a": "s" }),
      ['invalid_type@$input["x-a"]'],
    ],
    [
      "a record beside index signatures",
      t.intersection(t.record({ id: t.number() }), t.dict(t.template(["x-", ""], [t.string()]), t.number())),
      () => throwing("x-b", { id: "1" }),
      ["invalid_type@$input.id"],
    ],
  ];
  for (const [name, expr, value, first] of cases) {
    it(name, () => {
      expect(issues(expr, value(), 1)).toEqual(first);
      const all = issues(expr, value());
      expect(all[0]).toBe(first[0]);
      expect(all.at(-1)).toBe(UNREADABLE);
      expect(interpreter(expr).is(value())).toBe(false);
    });
  }
  it("a union member that fails an element is not the end of the union (is)", () => {
    const e = t.union(t.list(t.number()), t.list(t.string()));
    expect(interpreter(e).is(["a"])).toBe(true);
    expect(interpreter(t.union(t.set(t.number()), t.set(t.string()))).is(new Set(["a"]))).toBe(true);
    expect(
      interpreter(t.union(t.map(t.number(), t.number()), t.map(t.string(), t.string()))).is(
        new Map([["a", "b"]]),
      ),
    ).toBe(true);
    expect(
      interpreter(t.union(t.dict(t.string(), t.number()), t.dict(t.string(), t.string()))).is({ a: "b" }),
    ).toBe(true);
  });
});

describe("array lengths no real array has (docs/semantics.md: Array lengths)", () => {
  it("a Proxy with length Infinity is not an array: one invalid_type at the list", () => {
    const proxy = new Proxy([], {
      get: (target, k) => (k === "length" ? Number.POSITIVE_INFINITY : Reflect.get(target, k)),
    });
    expect(issues(t.list(t.number()), proxy)).toEqual(["invalid_type@$input"]);
  });
  it("the longest real array (2^32 - 1) is an array: its elements are read", () => {
    // Its first element throws when read (`unreadable`), so no check walks 2^32 - 1 holes.
    const longest: unknown[] = [];
    longest.length = 4294967295;
    Object.defineProperty(longest, 0, {
      get: () => {
        throw new Error("element 0");
      },
    });
    expect(issues(t.list(t.number()), longest)).toEqual([UNREADABLE]);
  });
});

describe("nesting depth (docs/semantics.md: Hostile input)", () => {
  const nested = t.recursive("Nested", (self) => t.list(self));
  /** `levels` arrays, each the only element of the one outside it. */
  const nest = (levels: number): unknown[] => {
    let v: unknown[] = [];
    for (let i = 1; i < levels; i++) v = [v];
    return v;
  };
  it("1,000 levels pass, 1,001 are too deep, with the documented text", () => {
    expect(interpreter(nested).is(nest(1000))).toBe(true);
    expect(interpreter(nested).is(nest(1001))).toBe(false);
    const r = interpreter(nested).validate(nest(1001));
    expect(r.success ? [] : r.errors.map((e) => [e.code, e.expected])).toEqual([
      ["too_deep", "at most 1000 levels of nesting"],
    ]);
  });
  it("a branch that was too deep does not count against its sibling", () => {
    // The root is a level: the first element holds 1,001 levels in all, the second 999.
    const r = issues(nested, [nest(1000), nest(998)]);
    expect(r).toEqual([`too_deep@$input${"[0]".repeat(1000)}`]);
  });
  it("a value that contains itself under a union of equally fitting records is too_deep, not invalid_union", () => {
    const u = t.recursive("U", (self) =>
      t.union(
        t.record({ a: self, x: t.optionalField(t.number()) }),
        t.record({ a: self, y: t.optionalField(t.number()) }),
      ),
    );
    const o: Record<string, unknown> = {};
    o.a = o;
    expect(issues(u, o).map((i) => i.split("@")[0])).toEqual(["too_deep"]);
  });
});

describe("a dictionary key that names the recursive type around it", () => {
  it("builds, and allows the strings its key type allows (docs/semantics.md: Dictionary keys)", () => {
    // `(string | K) & MinLength<1>`: no string is a K, so the keys are the strings of length 1 or more.
    const key = (self: TypeExpr) => t.refine(t.union(t.string(), self), { kind: "minLength", value: 1 });
    const k = t.recursive("K", (self) =>
      t.record({ d: t.dict(key(self), t.number()), k: t.optionalField(self) }),
    );
    const generated = new Function(`return ${compileValidatorSource(k)};`)() as { is(v: unknown): boolean };
    const withSignature = t.recursive("K", (self) =>
      t.intersection(t.record({ id: t.number(), k: t.optionalField(self) }), t.dict(key(self), t.number())),
    );
    const values: [unknown, boolean][] = [
      [{ d: { ab: 1 } }, true],
      [{ d: { "": 1 } }, false],
      [{ d: { a: "x" } }, false],
      [{ d: {}, k: { d: { "": 1 } } }, false],
      [{ d: {}, k: { d: { z: 2 } } }, true],
    ];
    for (const [v, ok] of values) {
      expect(interpreter(k).is(v), JSON.stringify(v)).toBe(ok);
      expect(generated.is(v), `${JSON.stringify(v)}: generated code`).toBe(ok);
    }
    expect(issues(k, { d: { "": 1 } })).toEqual(['invalid_key@$input.d[""]']);
    expect(interpreter(withSignature).is({ id: 1, ab: 2 })).toBe(true);
    expect(interpreter(withSignature).is({ id: 1, ab: "x" })).toBe(false);
  });
});

describe("extra keys (docs/semantics.md: Extra keys, Index signatures)", () => {
  const both = t.intersection(t.record({ a: t.number() }), t.record({ b: t.string() }));
  it("is ignores them below an intersection of records, equals rejects them", () => {
    expect(interpreter(both).is({ a: 1, b: "", c: 1 })).toBe(true);
    expect(interpreter(both).equals({ a: 1, b: "", c: 1 })).toBe(false);
    expect(interpreter(both).equals({ a: 1, b: "", c: undefined })).toBe(true);
    expect(interpreter(both).is({ a: 1, b: 2 })).toBe(false);
    // Both members report (in the canonical order of members, which the docs leave open).
    expect(issues(both, { a: "x", b: 2 }).sort()).toEqual(["invalid_type@$input.a", "invalid_type@$input.b"]);
  });
  it("validate exact lists an intersection's excess keys beside its members' issues, as for the one record", () => {
    // docs/semantics.md: an intersection of records judges its keys as a whole; excess_key "lists them".
    const one = t.record({ a: t.number(), b: t.string() });
    const values = [
      { a: "x", b: "" },
      { a: "x", b: "", c: 1 },
      { a: 1, b: 2, c: 1, d: 2 },
      { a: 1, b: "", c: 1 },
      "ab",
      ["x"],
      null,
    ];
    for (const v of values) {
      // Each member reports a value of the wrong kind: the same issues, once each.
      const listed = (e: TypeExpr) => {
        const r = interpreter(e).validate(v, { exact: true });
        return [...new Set(r.success ? [] : r.errors.map((i) => `${i.code}@${i.path}`))].sort();
      };
      expect(listed(both), JSON.stringify(v)).toEqual(listed(one));
      // Under `T | null` the member that fits reports alone (Where a failing union reports).
      expect(listed(t.union(both, t.null())), JSON.stringify(v)).toEqual(listed(t.union(one, t.null())));
    }
    // The cap still holds: one issue, and the throwing key is never read.
    const capped = interpreter(both).validate(throwing("c", { a: "x", b: "" }), {
      exact: true,
      maxIssues: 1,
    });
    expect(capped.success ? [] : capped.errors.map((i) => i.code)).toEqual(["invalid_type"]);
  });
  it("equals stays exact after a recursive member's getter threw (the context is reused)", () => {
    const e = t.intersection(t.record({ a: t.record({ n: t.number() }) }), L);
    const s = interpreter(e);
    expect(s.equals(throwing("v", { a: { n: 1 } }))).toBe(false);
    // TypeScript rejects the nested extra key of an intersection member (equals-intersections.test.ts).
    expect(s.equals({ a: { n: 1, extra: 1 }, v: 1 })).toBe(false);
    expect(s.equals({ a: { n: 1 }, v: 1 })).toBe(true);
  });
  it("index signatures alone accept objects only", () => {
    const e = t.intersection(
      t.dict(t.template(["x-", ""], [t.string()]), t.number()),
      t.dict(t.template(["n-", ""], [t.string()]), t.number()),
    );
    for (const v of ["x", ["x"], 1, null]) expect(interpreter(e).is(v), JSON.stringify(v)).toBe(false);
    expect(interpreter(e).is({ "x-a": 1, other: "s" })).toBe(true);
    expect(issues(e, "x-")).toEqual(["invalid_type@$input"]);
  });
  it("an intersection with a member that is not a record judges its keys through the members", () => {
    const e = t.intersection(
      t.record({ a: t.number() }),
      t.union(t.record({ b: t.string() }), t.record({ c: t.string() })),
    );
    expect(interpreter(e).equals({ a: 1, b: "" })).toBe(true);
    expect(interpreter(e).is({ a: 1, b: "", z: 1 })).toBe(true);
  });
  it("index signatures: each key against the signatures that accept it; equals rejects the rest", () => {
    const e = t.intersection(
      t.record({ id: t.number() }),
      t.dict(t.template(["x-", ""], [t.string()]), t.number()),
    );
    const s = interpreter(e);
    expect(s.is({ id: 1, "x-a": 2 })).toBe(true);
    expect(s.is({ id: 1, "x-a": "2" })).toBe(false);
    expect(s.is({ id: 1, other: "2" })).toBe(true);
    expect(s.equals({ id: 1, other: "2" })).toBe(false);
    expect(s.equals({ id: 1, other: undefined })).toBe(true);
    expect(s.equals({ id: 1, "x-a": 2 })).toBe(true);
    expect(s.is({ id: "1" })).toBe(false);
    expect(s.is([])).toBe(false);
    expect(issues(e, { id: "1", "x-a": "s", "x-b": 1, "x-c": null })).toEqual([
      "invalid_type@$input.id",
      'invalid_type@$input["x-a"]',
      'invalid_type@$input["x-c"]',
    ]);
    const exact = s.validate({ id: 1, p: 1, q: undefined, r: 2 }, { exact: true });
    expect(exact.success ? [] : exact.errors.map((i) => `${i.code}@${i.path}:${i.expected}`)).toEqual([
      "excess_key@$input.p:no such key",
      "excess_key@$input.r:no such key",
    ]);
    // Excess keys count against the cap too: with one, checking stops there (q throws when read).
    const capped = s.validate(throwing("q", { id: 1, p: 1 }), { exact: true, maxIssues: 1 });
    expect(capped.success ? [] : capped.errors.map((i) => `${i.code}@${i.path}`)).toEqual([
      "excess_key@$input.p",
    ]);
  });
});
