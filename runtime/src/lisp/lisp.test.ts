import { describe, expect, it } from "vitest";
import { fromLisp, Interpreter, Rec, show, toLisp } from "./evaluator.js";

const run = (src: string, bindings = {}) => new Interpreter().run(src, bindings);
const error = (src: string, limits?: ConstructorParameters<typeof Interpreter>[1]) => {
  try {
    new Interpreter(new Map(), limits).run(src);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
};

describe("handler language", () => {
  it("evaluates let, if, cond, and/or and exact integer arithmetic", () => {
    expect(run("(let ((a 2) (b 3)) (* a b))")).toBe(6n);
    expect(run("(+ 9007199254740993 1)")).toBe(9007199254740994n);
    expect(run('(if (> 2 1) "yes" "no")')).toBe("yes");
    expect(run("(cond ((= 1 2) 1) ((= 1 1) 2) (else 3))")).toBe(2n);
    expect(run("(and true 1 nil)")).toBe(null);
    expect(run("(or nil false 7)")).toBe(7n);
    expect(run("(- 5)")).toBe(-5n);
  });

  it("has records and lists as data, keys like __proto__ included", () => {
    const v = run('(assoc (record "a" 1) "__proto__" 2 "b" (list 1 2 3))');
    expect(show(v)).toBe('{"a" 1 "__proto__" 2 "b" (1 2 3)}');
    expect(fromLisp(v)).toEqual(JSON.parse('{"a":1,"__proto__":2,"b":[1,2,3]}'));
    expect(({} as Record<string, unknown>).b).toBeUndefined();
    expect(run('(get input "amount")', { input: toLisp({ amount: 5 }) })).toBe(5n);
    expect(run("(nth (list 1 2 3) 1)")).toBe(2n);
  });

  it("defines and calls functions, with recursion", () => {
    expect(run("(defn fact (n) (if (<= n 1) 1 (* n (fact (- n 1))))) (fact 25)")).toBe(
      15511210043330985984000000n,
    );
  });

  it("has no host access: globals and prototypes are just unbound symbols", () => {
    expect(error("(process)")).toMatch(/^LISP4002_UNBOUND at 1:2: unbound symbol process/);
    expect(error("(constructor)")).toMatch(/LISP4002_UNBOUND/);
    expect(error("globalThis")).toMatch(/LISP4002_UNBOUND/);
    expect(run('(get (record) "constructor")')).toBe(null);
  });

  it("stops an endless loop with the step budget, deep recursion with the depth limit", () => {
    expect(error("(defn fib (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))) (fib 40)")).toMatch(
      /^LISP4005_OUT_OF_GAS/,
    );
    expect(error("(defn loop (n) (loop n)) (loop 1)")).toMatch(/^LISP4006_TOO_DEEP/);
    // A depth limit set beyond what the JS stack holds still ends in a LispError.
    expect(
      error("(defn loop (n) (loop n)) (loop 1)", { gas: 10_000_000, depth: 10_000_000, size: 1000 }),
    ).toMatch(/^LISP4006_TOO_DEEP/);
    expect(error("(defn deep (n) (+ 1 (deep n))) (deep 1)")).toMatch(/^LISP4006_TOO_DEEP/);
    // Copying costs a step per element, so the size limit shows with a budget large enough to reach it.
    expect(
      error("(defn grow (l) (grow (concat l l))) (grow (list 1))", {
        gas: 1_000_000,
        depth: 200,
        size: 100_000,
      }),
    ).toMatch(/^LISP4007_TOO_LARGE/);
    expect(error("(defn grow (l) (grow (concat l l))) (grow (list 1))")).toMatch(/^LISP4005_OUT_OF_GAS/);
  });

  it("reports errors with the position in the source", () => {
    expect(error('(+ 1\n   "x")')).toMatch(/^LISP4003_TYPE at 2:4: expected a number, got "x"/);
    expect(error("(let ((a 1)) (b))")).toMatch(/^LISP4002_UNBOUND at 1:15: unbound symbol b/);
    expect(error("(+ 1 2")).toMatch(/^LISP4001_SYNTAX at 1:1: unclosed \(/);
    expect(error("(/ 1 0)")).toMatch(/^LISP4003_TYPE at 1:6: division by zero/);
  });

  it("round-trips data through toLisp and fromLisp", () => {
    const data = { a: 1, b: [true, null, "x"], c: { d: 2 ** 60 } };
    expect(fromLisp(toLisp(data))).toEqual({ a: 1, b: [true, null, "x"], c: { d: BigInt(2 ** 60) } });
    expect(toLisp({ x: 1 })).toBeInstanceOf(Rec);
  });
});
