/**
 * The documented limits (docs/handler-language.md, Limits), pinned at their values, and the budget
 * charged for work in proportion to the data touched: each operation is held to the steps it costs,
 * counted by an independent oracle (the elements, characters or words it must touch).
 */
import { describe, expect, it } from "vitest";
import { Budget, DEFAULT_LIMITS } from "./budget.js";
import { LispError } from "./errors.js";
import { Interpreter, toLisp, type Value } from "./evaluator.js";
import { MAX_NESTING, MAX_SOURCE, MAX_WEIGHT } from "./limits.js";

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof LispError) return e.message;
    throw e;
  }
  throw new Error("expected a LispError");
};

/** Steps `source` spends, run with `bindings` on a budget of its own. */
function spent(source: string, bindings: Record<string, Value> = {}): number {
  const budget = new Budget({ ...DEFAULT_LIMITS, gas: 10_000_000 });
  new Interpreter(new Map(), budget).run(source, bindings);
  return 10_000_000 - budget.remaining;
}

/** Forms in source text (lists and atoms): what evaluating it costs before any data is touched. */
const forms = (source: string): number => source.match(/\(|[^\s()]+/g)!.length;

/** Steps `op` spends beyond one per form. */
function cost(op: string, bindings: Record<string, Value>): number {
  return spent(op, bindings) - forms(op);
}

const ints = (n: number): Value[] => Array.from({ length: n }, (_, i) => BigInt(i));

describe("documented limits", () => {
  it("are the documented numbers", () => {
    expect(DEFAULT_LIMITS).toEqual({ gas: 100_000, depth: 200, size: 100_000 });
    expect(MAX_WEIGHT).toBe(1_000_000);
    expect(MAX_NESTING).toBe(256);
    expect(MAX_SOURCE).toBe(1 << 20);
  });

  it("steps: 100,000 forms and no more", () => {
    // (do 1 1 ... 1): one step for the form, one per literal.
    const program = (n: number) => `(do ${"1 ".repeat(n)})`;
    expect(new Interpreter().run(program(99_999))).toBe(1n);
    expect(code(() => new Interpreter().run(program(100_000)))).toMatch(
      /^LISP4005_OUT_OF_GAS at 1:\d+: step budget of 100000 exhausted/,
    );
  });

  it("depth: 200 nested calls and no more", () => {
    const nest = "(defn d (n) (if (= n 0) 0 (+ 1 (d (- n 1)))))";
    expect(new Interpreter().run(`${nest} (d 199)`)).toBe(199n);
    expect(code(() => new Interpreter().run(`${nest} (d 200)`))).toMatch(/^LISP4006_TOO_DEEP/);
  });

  it("size: a list of 100,000 elements and no more", () => {
    const l = ints(50_000);
    // Copying 100,000 elements costs 100,000 steps: a larger step budget, to reach the size limit.
    const roomy = () => new Interpreter(new Map(), { ...DEFAULT_LIMITS, gas: 1_000_000 });
    expect((roomy().run("(concat l l)", { l }) as Value[]).length).toBe(100_000);
    expect(code(() => roomy().run("(concat l l (list 1))", { l }))).toMatch(/^LISP4007_TOO_LARGE/);
    expect(code(() => new Interpreter().run("(concat l l)", { l }))).toMatch(/^LISP4005_OUT_OF_GAS/);
  });

  it("source text: 1 MiB and no more", () => {
    const padded = (n: number) => `1${" ".repeat(n - 1)}`;
    expect(new Interpreter().run(padded(MAX_SOURCE))).toBe(1n);
    expect(code(() => new Interpreter().run(padded(MAX_SOURCE + 1)))).toMatch(/^LISP4001_SYNTAX/);
  });
});

describe("work is charged in proportion to the data touched", () => {
  it("concat costs the elements it copies", () => {
    expect(cost("(concat a b)", { a: ints(30_000), b: ints(20_000) })).toBe(50_000);
  });

  it("= costs the weight of the lighter side (an identical value costs nothing extra)", () => {
    const a = ints(40_000);
    const b = ints(40_000);
    // A list of n integers weighs n + 1.
    expect(cost("(= a b)", { a, b })).toBe(40_001);
    expect(cost("(= a (list 1))", { a })).toBe(2);
    expect(cost("(= a a)", { a })).toBe(0);
  });

  it("assoc and keys cost the entries of the record", () => {
    const r = toLisp(Object.fromEntries(ints(5_000).map((i) => [`k${i}`, i])));
    expect(cost('(assoc r "x" 1)', { r })).toBe(5_001);
    expect(cost("(keys r)", { r })).toBe(5_000);
  });

  it("str costs the weight of what it writes", () => {
    expect(cost("(str l)", { l: ints(1_000) })).toBe(1_001);
    expect(cost("(str s)", { s: "x".repeat(5_000) })).toBe(5_001);
  });

  it("arithmetic on integers wider than 64 bits costs their words (multiplication their product)", () => {
    const x = (1n << 2000n) + 1n;
    const words = 1 + Math.ceil(x.toString(16).length / 16);
    expect(words).toBe(33);
    expect(cost("(+ x x)", { x })).toBe(2 * words);
    expect(cost("(* x x)", { x })).toBe(words * words);
    expect(cost("(* 3 4)", {})).toBe(0);
  });

  it("a program that repeats a costly step stops early, and fast", () => {
    const started = performance.now();
    const loop = "(defn t (n) (if (= n 0) (= a b) (do (t (- n 1)) (t (- n 1))))) (t 20)";
    expect(code(() => new Interpreter().run(loop, { a: ints(100_000), b: ints(100_000) }))).toMatch(
      /^LISP4005_OUT_OF_GAS/,
    );
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("one budget for nested evaluations", () => {
  it("an interpreter given a Budget spends from it on every run and never refills it", () => {
    const budget = new Budget({ ...DEFAULT_LIMITS, gas: 1_000 });
    const interp = new Interpreter(new Map(), budget);
    interp.run("(do 1 2 3)");
    const left = budget.remaining;
    expect(left).toBe(1_000 - 4);
    new Interpreter(new Map(), budget).run("(do 1 2 3)");
    expect(budget.remaining).toBe(left - 4);
    expect(code(() => interp.run(`(do ${"1 ".repeat(1_000)})`))).toMatch(/^LISP4005_OUT_OF_GAS/);
  });

  it("without one, every run starts afresh", () => {
    const interp = new Interpreter(new Map(), { ...DEFAULT_LIMITS, gas: 10 });
    for (let i = 0; i < 5; i++) expect(interp.run("(do 1 2 3)")).toBe(3n);
  });
});

describe("toLisp weighs elements and characters, not containers", () => {
  it("refuses a 2M-element array before copying it", () => {
    const started = performance.now();
    expect(code(() => toLisp({ result: new Array(2_000_000).fill(0) }))).toMatch(
      /^LISP4007_TOO_LARGE at 0:0: data heavier than 1000000/,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("refuses long strings and keys by their characters", () => {
    expect(code(() => toLisp({ s: "x".repeat(MAX_WEIGHT) }))).toMatch(/^LISP4007_TOO_LARGE/);
    expect(code(() => toLisp({ ["k".repeat(MAX_WEIGHT)]: 1 }))).toMatch(/^LISP4007_TOO_LARGE/);
    expect(code(() => toLisp(Array.from({ length: 600 }, () => "y".repeat(2_000))))).toMatch(
      /^LISP4007_TOO_LARGE/,
    );
  });

  it("accepts data up to the bound", () => {
    expect((toLisp(new Array(MAX_WEIGHT - 1).fill(0)) as Value[]).length).toBe(MAX_WEIGHT - 1);
    expect(toLisp({ s: "x".repeat(MAX_WEIGHT - 10) })).toBeDefined();
  });
});
