import { describe, expect, it } from "vitest";
import { LispError } from "./errors.js";
import { fromLisp, Interpreter, Rec, show, toLisp, type Value } from "./evaluator.js";
import { fromHostError } from "./host-errors.js";
import { MAX_INT_BITS, MAX_NESTING } from "./limits.js";
import { print } from "./printer.js";

const run = (src: string, bindings: Record<string, Value> = {}) => new Interpreter().run(src, bindings);
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof LispError) return e.message;
    throw e;
  }
  throw new Error("expected a LispError");
};
const error = (src: string, bindings: Record<string, Value> = {}) => code(() => run(src, bindings));

/** `n` lists around `inner`, written out in source. */
const wrapped = (n: number, inner: string): string => (n === 0 ? inner : `(list ${wrapped(n - 1, inner)})`);
/** A list nested `n` deep, built by the host (no interpreter checks on the way). */
const deep = (n: number): Value => {
  let v: Value = 1n;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

describe("integer size", () => {
  it("stops a number squared in a loop fast, with its own code (not a depth error)", () => {
    const started = performance.now();
    expect(error("(defn sq (x n) (if (= n 0) (> x 0) (sq (* x x) (- n 1)))) (sq 3 31)")).toMatch(
      /^LISP4009_NUMBER_TOO_LARGE at 1:\d+: an integer of more than 4096 bits/,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("allows integers of up to MAX_INT_BITS bits, and no more, in every operation", () => {
    const max = (1n << BigInt(MAX_INT_BITS)) - 1n;
    expect(run(max.toString())).toBe(max);
    expect(run(`(- ${max})`)).toBe(-max);
    expect(run("(- 0 m 0)", { m: max })).toBe(-max);
    expect(error((max + 1n).toString())).toMatch(/^LISP4009_NUMBER_TOO_LARGE at 1:1/);
    expect(error(`(+ ${max} 1)`)).toMatch(/^LISP4009_NUMBER_TOO_LARGE at 1:1/);
    expect(error(`(- 0 ${max} 1)`)).toMatch(/^LISP4009_NUMBER_TOO_LARGE/);
    expect(error("(* m 2)", { m: max })).toMatch(/^LISP4009_NUMBER_TOO_LARGE/);
    // A literal far beyond the bound is refused before it is parsed.
    expect(error(`(+ 1 ${"9".repeat(200_000)})`)).toMatch(/^LISP4009_NUMBER_TOO_LARGE at 1:6/);
    expect(code(() => toLisp({ n: max + 1n }))).toMatch(/^LISP4009_NUMBER_TOO_LARGE/);
  });

  it("treats floating point overflow the same way", () => {
    expect(error("(* x x)", { x: 1e200 })).toMatch(/^LISP4009_NUMBER_TOO_LARGE at 1:1/);
    // The message says what docs/handler-language.md's error table says the code means.
    expect(error("(* x x)", { x: 1e200 })).toContain("beyond the floating point range");
    expect(error("1e999")).toMatch(/^LISP4009_NUMBER_TOO_LARGE at 1:1/);
  });

  it("never reports a RangeError from BigInt as a depth error", () => {
    const host = new Map([
      [
        "grow",
        (): Value => {
          throw new RangeError("Maximum BigInt size exceeded");
        },
      ],
    ]);
    expect(code(() => new Interpreter(host).run("(+ 1 (grow))"))).toMatch(
      /^LISP4009_NUMBER_TOO_LARGE at 1:1/,
    );
    const overflow = fromHostError(new RangeError("Maximum call stack size exceeded"), {
      line: 1,
      column: 1,
    });
    expect((overflow as LispError).code).toBe("LISP4006_TOO_DEEP");
  });
});

describe("value nesting and weight", () => {
  it("stops a 6,000-deep list built within the step and depth limits where it is built", () => {
    const src = `(defn wrap (l n) (if (= n 0) l (wrap ${wrapped(32, "l")} (- n 1))))\n(wrap 1 190)`;
    expect(error(src)).toMatch(/^LISP4010_VALUE_TOO_DEEP at 1:\d+: a value nested deeper than 256/);
    expect(run(`(len ${wrapped(MAX_NESTING - 1, "1")})`)).toBe(1n);
  });

  it("bounds every walk over a deep value from the host: a LispError, never a RangeError", () => {
    const v = deep(6000);
    expect(code(() => fromLisp(v))).toMatch(/^LISP4010_VALUE_TOO_DEEP/);
    expect(code(() => print(v))).toMatch(/^LISP4010_VALUE_TOO_DEEP/);
    expect(show(v)).toMatch(/^\(\(\(.*…$/);
    expect(show(v).length).toBeLessThanOrEqual(201);
    expect(error("(= d d2)", { d: v, d2: deep(6000) })).toMatch(/^LISP4010_VALUE_TOO_DEEP at 1:1/);
    expect(error("(str d)", { d: v })).toMatch(/^LISP4010_VALUE_TOO_DEEP at 1:1/);
    expect(error("(list d)", { d: v })).toMatch(/^LISP4010_VALUE_TOO_DEEP at 1:1/);
    expect(error("d", { d: v })).toMatch(/^LISP4010_VALUE_TOO_DEEP at 1:1/);
    expect(error('(get r "x")', { r: new Rec(new Map([["x", v]])) })).toMatch(/^LISP4010_VALUE_TOO_DEEP/);
  });

  it("bounds conversion of deep or cyclic host data", () => {
    let data: unknown = 1;
    for (let i = 0; i < 6000; i++) data = [data];
    expect(code(() => toLisp(data))).toMatch(/^LISP4010_VALUE_TOO_DEEP at 0:0: data nested deeper than 256/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(code(() => toLisp(cyclic))).toMatch(/^LISP4010_VALUE_TOO_DEEP/);
  });

  it("refuses a value that shares parts until converting it would explode", () => {
    const started = performance.now();
    expect(error("(defn g (l n) (if (= n 0) l (g (list l l) (- n 1)))) (g 1 100)")).toMatch(
      /^LISP4007_TOO_LARGE at 1:\d+: a value larger than 1000000/,
    );
    // Writing costs a step per character: a budget large enough to reach the size bound.
    const roomy = new Interpreter(new Map(), { gas: 10_000_000, depth: 200, size: 100_000 });
    expect(code(() => roomy.run('(defn s (t n) (if (= n 0) t (s (str t t) (- n 1)))) (s "ab" 30)'))).toMatch(
      /^LISP4007_TOO_LARGE/,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("division and positions", () => {
  it("makes mod by zero the same error as / by zero", () => {
    expect(error("(mod 5 0)")).toMatch(/^LISP4003_TYPE at 1:8: division by zero/);
    expect(error("(mod 5 2 0)")).toMatch(/^LISP4003_TYPE at 1:10: division by zero/);
    expect(error("(mod x 0)", { x: 1.5 })).toMatch(/^LISP4003_TYPE at 1:8: division by zero/);
    expect(run("(mod 7 3)")).toBe(1n);
    expect(run("(mod -7 3)")).toBe(-1n);
    expect(run("(/ -7 2)")).toBe(-3n);
  });

  it("reports the position of the argument of the wrong type", () => {
    expect(error('(+ 1\n  2\n    "x")')).toMatch(/^LISP4003_TYPE at 3:5: expected a number, got "x"/);
    expect(error('(- "x")')).toMatch(/^LISP4003_TYPE at 1:4/);
    expect(error("(< 1 2 (list 3))")).toMatch(/^LISP4003_TYPE at 1:8: expected a number, got \(3\)/);
    expect(error('(get (list) "k")')).toMatch(/^LISP4003_TYPE at 1:6: expected a record, got \(\)/);
    expect(error("(get (record) 1)")).toMatch(/^LISP4003_TYPE at 1:15: expected a string, got 1/);
    expect(error('(record "a" 1 2 3)')).toMatch(/^LISP4003_TYPE at 1:15/);
    expect(error('(nth (list 1) "0")')).toMatch(/^LISP4003_TYPE at 1:15/);
    expect(error("(concat (list 1) 2)")).toMatch(/^LISP4003_TYPE at 1:18: concat of 2/);
    expect(error("(len 1)")).toMatch(/^LISP4003_TYPE at 1:6: len of 1/);
    // Errors that concern the call as a whole stay at the call.
    expect(error("(+)")).toMatch(/^LISP4004_ARITY at 1:1/);
    expect(error("(1 2)")).toMatch(/^LISP4003_TYPE at 1:1: 1 is not a function/);
  });
});
