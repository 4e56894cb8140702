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

/** Tuple and dictionary rows, asked of the checker once. */
const ROWS = [...TUPLES, ...DICTS].flatMap(([type, expr, values]) =>
  values.map((value) => ({ type, expr, value })),
);
let answers: boolean[] = [];
beforeAll(async () => {
  answers = await tsAccepts(
    ROWS.map((r) => ({ type: r.type, source: src(r.value) })),
    ENUM_PRELUDE,
  );
});

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
