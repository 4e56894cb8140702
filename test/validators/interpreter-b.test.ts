/**
 * The interpreter (packages/schema/src/validate/interpret.ts) from tuples on: tuples with rest and
 * trailing elements, dictionary key kinds, literal-only and mixed unions, the union failure memo,
 * refinements and every numeric and length constraint. Oracles: TypeScript's checker
 * (test/oracles/ts-checker.ts) where TypeScript has the type, otherwise the verdicts, issue codes
 * and paths docs/semantics.md and docs/refinements.md state. Written against the surviving and
 * uncovered mutants of the validators-interpret Stryker run (mutation/README.md).
 */
import { schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import { beforeAll, describe, expect, it } from "vitest";
import { tsAccepts } from "../oracles/ts-checker.js";

/** A value as TypeScript source (arrays may hold `undefined`, which JSON cannot write). */
function src(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(src).join(", ")}]`;
  return v === undefined ? "undefined" : JSON.stringify(v);
}

/** [TypeScript type, the same as a TypeExpr, values]: TypeScript decides each value. */
type Row = [string, TypeExpr, unknown[]];

const N = t.number();
const S = t.string();
const B = t.bool();

const TUPLES: Row[] = [
  [
    "[string, ...number[], boolean]",
    t.tuple(S, t.restElement(N), B),
    [
      ["a", true],
      ["a", 1, true],
      ["a", 1, 2, true],
      ["a", 1, "x", true],
      ["a", 1],
      [true],
      ["a", 1, 2],
      [],
      ["a", "b", true],
    ],
  ],
  [
    "[...number[], string]",
    t.tuple(t.restElement(N), S),
    [["a"], [1, "a"], [1, 2, "a"], [1, 2], ["a", "b"], [], [1, "a", 2], ["a", 1]],
  ],
  [
    "[number, string?]",
    t.tuple(N, t.optionalElement(S)),
    [[1], [1, "a"], [1, undefined], [1, 2], [1, "a", 3], [], ["a"]],
  ],
  [
    "[number, ...string[]]",
    t.tuple(N, t.restElement(S)),
    [[1], [1, "a", "b"], [1, 2], ["a"], [], [1, "a", 3]],
  ],
  [
    "[string, number, ...boolean[], string, number]",
    t.tuple(S, N, t.restElement(B), S, N),
    [
      ["a", 1, "b", 2],
      ["a", 1, true, false, "b", 2],
      ["a", 1, true, "b", "c"],
      ["a", 1, "b"],
      ["a", 1, true, "b", 2, 3],
      ["a", 1, 2, "b", 2],
      ["a", 1, true, 2, 2],
    ],
  ],
  [
    "[boolean, number?, ...string[]]",
    t.tuple(B, t.optionalElement(N), t.restElement(S)),
    [[true], [true, 1], [true, 1, "a"], [true, "a"], [true, undefined, "a"], [true, 1, 2], ["a"]],
  ],
];

/** Dictionaries whose key type TypeScript has (`Partial`, since a dictionary requires no key). */
const ENUM_PRELUDE = 'enum E { A = "a", B = 2 }';
const DICTS: Row[] = [
  [
    "Partial<Record<number, number>>",
    t.dict(N, N),
    ["1", "1.5", "-2", "1e+21", "NaN", "Infinity", "-Infinity", "01", "1e21", "-0", "a", "", " 1", "0x1"].map(
      (k) => ({
        [k]: 1,
      }),
    ),
  ],
  ["Partial<Record<'a', number>>", t.dict(t.literal("a"), N), [{}, { a: 1 }, { b: 1 }, { A: 1 }, { a: "x" }]],
  ["Partial<Record<1, number>>", t.dict(t.literal(1), N), [{ 1: 1 }, { "1.0": 1 }, { "01": 1 }, { 2: 1 }]],
  [
    "Partial<Record<E, number>>",
    t.dict(
      t.enum([
        { name: "A", value: "a" },
        { name: "B", value: 2 },
      ]),
      N,
    ),
    [{ a: 1 }, { 2: 1 }, { A: 1 }, { B: 1 }, { a: 1, 2: 2 }],
  ],
  [
    "Partial<Record<`x-${number}`, number>>",
    t.dict(t.template(["x-", ""], [N]), N),
    [{ "x-1": 1 }, { "x-1.5": 1 }, { "x-a": 1 }, { x: 1 }, { "x-1": "s" }],
  ],
  [
    "Partial<Record<'a' | `x-${string}`, number>>",
    t.dict(t.union(t.literal("a"), t.template(["x-", ""], [S])), N),
    [{ a: 1 }, { "x-": 1 }, { "x-q": 1, a: 2 }, { b: 1 }, { "y-1": 1 }],
  ],
  ["Record<any, number>", t.dict(t.any(), N), [{ a: 1 }, { "": 1, "1": 2 }, { a: "x" }]],
];

const UNIONS: Row[] = [
  ["'a' | 'b'", t.union(t.literal("a"), t.literal("b")), ["a", "b", "c", 1, null]],
  ["'a' | number", t.union(t.literal("a"), N), ["a", 1, "b", true]],
  // No field every member declares: members are tried in turn (no discriminant).
  [
    "{ a: 'x' } | { b: 'y' }",
    t.union(t.record({ a: t.literal("x") }), t.record({ b: t.literal("y") })),
    [{ a: "x" }, { b: "y" }, { a: "y" }, {}],
  ],
  [
    "{ kind: 'a'; x: number } | { y: string }",
    t.union(t.record({ kind: t.literal("a"), x: N }), t.record({ y: S })),
    [{ kind: "a", x: 1 }, { y: "s" }, { kind: "b", x: 1 }, { kind: "a" }],
  ],
];

/** Tuple, dictionary and union rows, asked of the checker once. */
const ROWS = [...TUPLES, ...DICTS, ...UNIONS].flatMap(([type, expr, values]) =>
  values.map((value) => ({ type, expr, value })),
);
let answers: boolean[] = [];
beforeAll(async () => {
  answers = await tsAccepts(
    ROWS.map((r) => ({ type: r.type, source: src(r.value) })),
    ENUM_PRELUDE,
  );
  // The checker takes seconds on a loaded machine: more than a hook's default 10 s allows.
}, 180_000);

function agreeWithTypeScript(rows: Row[]): void {
  for (const [type] of rows) {
    it(type, () => {
      expect(answers).toHaveLength(ROWS.length);
      const disagree: string[] = [];
      ROWS.forEach(({ type: ty, expr, value }, i) => {
        if (ty !== type) return;
        const schema = schemaFromExpr(expr);
        const r = schema.validate(value);
        if (schema.is(value) !== answers[i] || r.success !== answers[i])
          disagree.push(
            `${src(value)}: checker ${answers[i]}, is ${schema.is(value)}, validate ${r.success}`,
          );
      });
      expect(disagree).toEqual([]);
    });
  }
}

describe("tuples agree with TypeScript", () => {
  it("the checker accepts some rows and rejects others", () => {
    expect(new Set(answers).size).toBe(2);
  });
  agreeWithTypeScript(TUPLES);

  it("a wrong length is invalid_length at the tuple, a wrong element is reported at its index", () => {
    const s = schemaFromExpr(t.tuple(S, N, t.restElement(B), S, N));
    const r = s.validate(["a", 1, true, 7, "x"]);
    expect(r.success ? [] : r.errors.map((e) => [e.code, e.path])).toEqual([
      ["invalid_type", "$input[3]"],
      ["invalid_type", "$input[4]"],
    ]);
    const short = s.validate(["a", 1, "b"]);
    expect(short.success ? [] : short.errors.map((e) => [e.code, e.path])).toEqual([
      ["invalid_length", "$input"],
    ]);
    const lead = schemaFromExpr(t.tuple(t.restElement(N), S)).validate(["a", 2, "b"]);
    expect(lead.success ? [] : lead.errors.map((e) => [e.code, e.path])).toEqual([
      ["invalid_type", "$input[0]"],
    ]);
  });

  // docs/semantics.md: a length no real array has (above 2^32 - 1) is not an array, `invalid_type`;
  // a real array of any length up to that is one, so a tuple it does not fit is `invalid_length`.
  it("array lengths: 2^32 - 1 is an array, a Proxy answering more is not", () => {
    const pair = schemaFromExpr(t.tuple(N, N));
    const huge = new Array(2 ** 32 - 1);
    expect(pair.validate(huge)).toMatchObject({ success: false, errors: [{ code: "invalid_length" }] });
    for (const length of [2 ** 32, Number.POSITIVE_INFINITY]) {
      const fake = new Proxy([1, 2], { get: (o, k) => (k === "length" ? length : Reflect.get(o, k)) });
      expect(pair.validate(fake)).toMatchObject({ success: false, errors: [{ code: "invalid_type" }] });
      expect(schemaFromExpr(t.tuple(N, t.restElement(N))).is(fake)).toBe(false);
    }
  });
});

/** An array whose elements are getters that record which indexes were read. */
function watched(values: unknown[], reads: number[]): unknown[] {
  const a: unknown[] = [];
  values.forEach((v, i) => {
    Object.defineProperty(a, i, {
      enumerable: true,
      get: () => {
        reads.push(i);
        return v;
      },
    });
  });
  return a;
}

// docs/semantics.md: `is` stops at the first failure; `assert` stops at the first issue; `validate`
// stops checking once it has `maxIssues` issues, and otherwise lists every issue.
describe("a failing check stops where the docs say", () => {
  const cases: [string, TypeExpr, unknown[], number[]][] = [
    ["head", t.tuple(N, N, N), ["x", 2, 3], [0]],
    ["rest", t.tuple(S, t.restElement(N)), ["a", "x", 2, 3], [0, 1]],
    ["tail", t.tuple(t.restElement(S), N, N), ["a", "x", 2], [0, 1]],
  ];
  for (const [where, expr, values, first] of cases) {
    it(`${where} elements: nothing after the first failure is read`, () => {
      const s = schemaFromExpr(expr);
      const runs: ((reads: number[]) => void)[] = [
        (reads) => s.is(watched(values, reads)),
        (reads) => s.validate(watched(values, reads), { maxIssues: 1 }),
        (reads) => expect(() => s.assert(watched(values, reads))).toThrow(),
      ];
      for (const run of runs) {
        const reads: number[] = [];
        run(reads);
        expect(reads, where).toEqual(first);
      }
    });
  }
});

describe("dictionary keys agree with TypeScript", () => {
  it("the checker accepts some keys and rejects others", () => {
    expect(new Set(answers).size).toBe(2);
  });
  agreeWithTypeScript(DICTS);
});

/** Keys TypeScript has no type for, with docs/semantics.md's verdicts ("Dictionary keys"). */
describe("dictionary keys TypeScript has no type for, as the docs state", () => {
  const keys = (expr: TypeExpr, table: Record<string, boolean>) => {
    const s = schemaFromExpr(t.dict(expr, N));
    const got = Object.fromEntries(Object.keys(table).map((k) => [k, s.is({ [k]: 1 })]));
    expect(got).toEqual(table);
    // A rejected key is `invalid_key` at its own path.
    const bad = Object.keys(table).find((k) => !table[k] && /^[a-z]+$/.test(k));
    if (bad)
      expect(s.validate({ [bad]: 1 })).toMatchObject({
        errors: [{ code: "invalid_key", path: `$input.${bad}` }],
      });
  };
  // "integer keys a decimal integer"; the export's pattern, the validator's rule: ^-?(0|[1-9][0-9]*)$.
  it("integer keys", () =>
    keys(t.integer(), {
      "0": true,
      "7": true,
      "12": true,
      "123": true,
      "-3": true,
      "-0": true,
      "01": false,
      "1.5": false,
      "1e3": false,
      a: false,
      a1: false,
      "1a": false,
      "": false,
      "-": false,
    }));
  // "the decimal string of an integer in the range ("255", not "256", "01" or "-0")".
  it("integer range keys", () => {
    keys(t.u8(), {
      "0": true,
      "255": true,
      "256": false,
      "01": false,
      "-0": false,
      "-1": false,
      "7": true,
      x: false,
    });
    keys(t.i8(), { "-128": true, "127": true, "-129": false, "128": false });
  });
  // "refined string keys the refined type" (docs' JSON Schema section, the validator's rule).
  it("refined string keys", () =>
    keys(t.refine(S, { kind: "minLength", value: 2 }), { ab: true, abc: true, a: false, "": false }));
  // "any other key type accepts no key" (a bool is not a key type of TypeScript's either).
  it("other key types accept no key, and no keys is fine", () => {
    keys(t.bool(), { true: false, false: false, a: false });
    expect(schemaFromExpr(t.dict(t.bool(), N)).is({})).toBe(true);
  });
});

describe("unions", () => {
  agreeWithTypeScript(UNIONS);
  const issues = (expr: TypeExpr, v: unknown, options?: { exact?: boolean; maxIssues?: number }) => {
    const r = schemaFromExpr(expr).validate(v, options);
    return r.success ? [] : r.errors.map((e) => ({ code: e.code, path: e.path, expected: e.expected }));
  };
  // docs/semantics.md: `invalid_type` for a wrong literal and for `never`; `expected` is the
  // TypeScript-like text of the type.
  it("never is invalid_type, expected never", () => {
    expect(issues(t.union(), 1)).toEqual([{ code: "invalid_type", path: "$input", expected: "never" }]);
  });
  it("a literal-only union is a set lookup: a value outside it is invalid_type", () => {
    const ab = t.union(t.literal("a"), t.literal("b"));
    for (const v of ["c", 1]) expect(issues(ab, v).map((i) => i.code)).toEqual(["invalid_type"]);
  });

  // Two different unions meeting the same object at the same depth: the failure one of them
  // remembers must not answer for the other (TypeScript: `b` is fine, only `a` is wrong).
  it("a union's remembered failure is its own", () => {
    const o = { r: 1 };
    const expr = t.record({
      a: t.union(t.record({ p: N }), t.record({ q: N })),
      b: t.union(t.record({ r: N }), t.record({ s: N })),
    });
    expect(issues(expr, { a: o, b: o }).every((i) => i.path.startsWith("$input.a"))).toBe(true);
    expect(issues(expr, { a: o, b: o })).not.toEqual([]);
    expect(schemaFromExpr(expr).is({ a: { p: 1 }, b: o })).toBe(true);
  });
});

/**
 * A chain of `n` nodes `{ next }`, each `next` a getter counting reads; the last node's `next` is
 * null, or with `listed` every `next` is a list of the next node (the last one's empty).
 */
function chain(
  n: number,
  reads: { count: number },
  extra: Record<string, unknown> = {},
  listed = false,
): unknown {
  let node: unknown = null;
  for (let i = 0; i < n; i++) {
    const next = listed ? (node === null ? [] : [node]) : node;
    node = {
      ...extra,
      get next() {
        reads.count++;
        // A budget far above the docs' bound: a run past it ends instead of taking 2^depth steps.
        if (reads.count > 100_000) throw new Error("read budget exceeded");
        return next;
      },
    };
  }
  return node;
}

// docs/semantics.md, "Unions": inside a recursive type each union remembers the objects (at a depth)
// on which all its members failed, so a value where every member recurses and fails deep down costs
// one visit per object and member, not 2^depth; a union whose members ran out of depth reports
// `too_deep` at the union (and `too_deep` is only for nesting deeper than 1,000 levels or cycles).
describe("the union failure memo", () => {
  const node = t.recursive("Node", (self) =>
    t.union(t.record({ next: t.list(self), tag: S }), t.record({ next: t.list(self), tag: N })),
  );
  it("a value nested too deep costs one visit per object and member", () => {
    for (const run of [
      (s: ReturnType<typeof schemaFromExpr>, v: unknown) => s.is(v),
      (s: ReturnType<typeof schemaFromExpr>, v: unknown) => s.validate(v),
    ]) {
      const reads = { count: 0 };
      const v = chain(1100, reads, { tag: true }, true);
      run(schemaFromExpr(node), v);
      expect(reads.count).toBeLessThanOrEqual(4 * 1100);
    }
  });

  // One union check meets one object at one depth twice when a list holds it twice: the list's
  // element check, and everything below it, is one closure.
  const linked = t.recursive("L", (self) => t.record({ next: t.union(t.null(), self) }));
  const codes = (expr: TypeExpr, v: unknown) => {
    const r = schemaFromExpr(expr).validate(v);
    return r.success ? [] : r.errors.map((e) => [e.code, e.path]);
  };
  it("a remembered too-deep failure is reported as too_deep where the union is", () => {
    const deep = chain(1100, { count: 0 });
    expect(codes(t.list(linked), [deep, deep])).toEqual([
      ["too_deep", "$input[0].next"],
      ["too_deep", "$input[1].next"],
    ]);
    // Below a union that does not meet the chain twice itself: it reports at itself both times.
    const wrapped = t.list(t.union(t.record({ n: linked }), t.record({ m: S })));
    expect(codes(wrapped, [{ n: deep }, { n: deep }])).toEqual([
      ["too_deep", "$input[0]"],
      ["too_deep", "$input[1]"],
    ]);
  });
  it("a remembered ordinary failure is reported where it is, not as too_deep", () => {
    const bad = { next: { next: 5 } };
    const found = codes(t.list(linked), [bad, bad]);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map(([code]) => code)).not.toContain("too_deep");
    // Both elements are reported alike, each at its own path.
    const [first, second] = [0, 1].map((i) => found.filter(([, p]) => p!.startsWith(`$input[${i}]`)));
    expect(second!.map(([c, p]) => [c, p!.replace("[1]", "[0]")])).toEqual(first);
  });
});
