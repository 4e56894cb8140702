/**
 * The handler language's limits as docs/handler-language.md states them ("Limits"): the numbers are
 * read from the page's tables, and the interpreter's defaults must stop a program exactly there —
 * so the documentation and the behaviour cannot drift apart unnoticed.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Interpreter, LispError, type Value } from "@causality/runtime";
import { describe, expect, it } from "vitest";

const doc = readFileSync(resolve(import.meta.dirname, "../../docs/handler-language.md"), "utf8");

/** The number in the table row whose first cell starts with `label` (its second column). */
function documented(label: string): number {
  const row = doc.split("\n").find((l) => l.startsWith(`| ${label}`));
  if (!row) throw new Error(`docs/handler-language.md has no row "${label}"`);
  const cell = row.split("|")[2]!;
  const m = /(\d[\d,]*)/.exec(cell);
  if (!m) throw new Error(`no number in "${cell}"`);
  return Number(m[1]!.replaceAll(",", ""));
}

const run = (src: string, bindings: Record<string, Value> = {}, interp = new Interpreter()) =>
  interp.run(src, bindings);
function code(src: string, bindings: Record<string, Value> = {}, interp?: Interpreter): string {
  try {
    run(src, bindings, interp);
  } catch (e) {
    if (e instanceof LispError) return e.code;
    throw e;
  }
  return "ok";
}

describe("documented handler limits", () => {
  const steps = documented("steps");
  const depth = documented("call depth");
  const size = documented("elements of one list");
  const nesting = documented("nesting of lists");
  const source = documented("source text");

  it("reads plausible numbers from the page", () => {
    expect([steps, depth, size, nesting, source]).toEqual([100_000, 200, 100_000, 256, 1]);
  });

  it(`steps: ${steps} forms evaluate, one more runs out of gas`, () => {
    // A program of n literals evaluates exactly n forms (every form evaluated is one step).
    expect(code("1 ".repeat(steps))).toBe("ok");
    expect(code("1 ".repeat(steps + 1))).toBe("LISP4005_OUT_OF_GAS");
  });

  it(`call depth: nesting of about ${depth} calls is allowed, a few more is too deep`, () => {
    const nest = (n: number) => `(defn d (n) (if (= n 0) 0 (+ 1 (d (- n 1))))) (d ${n})`;
    expect(run(nest(depth - 2))).toBe(BigInt(depth - 2));
    expect(code(nest(depth + 2))).toBe("LISP4006_TOO_DEEP");
  });

  it(`size: a list of ${size} elements or a string of ${size} characters, not one more`, () => {
    // Copying costs a step per element or character (the steps row), so these run with room to copy.
    const roomy = () => new Interpreter(new Map(), { gas: 10 * steps, depth, size });
    const list = (n: number) => ({ l: Array.from({ length: n - 1 }, () => 1n) as Value });
    expect(run("(len (concat l (list 1)))", list(size), roomy())).toBe(BigInt(size));
    expect(code("(concat l (list 1 2))", list(size), roomy())).toBe("LISP4007_TOO_LARGE");
    const text = { s: "a".repeat(size - 1) };
    expect(run('(len (str s "b"))', text, roomy())).toBe(BigInt(size));
    expect(code('(str s "bc")', text, roomy())).toBe("LISP4007_TOO_LARGE");
  });

  it(`nesting: values ${nesting} deep, not deeper; source text ${source} MiB`, () => {
    const nested = (n: number) => `${"(list ".repeat(n)}1${")".repeat(n)}`;
    expect(code(nested(nesting))).toBe("ok");
    expect(code(nested(nesting + 1))).toMatch(/^LISP40(10_VALUE_TOO_DEEP|01_SYNTAX)$/);
    const padded = (bytes: number) => `1${" ".repeat(bytes - 1)}`;
    expect(code(padded(source * 1024 * 1024))).toBe("ok");
    expect(code(padded(source * 1024 * 1024 + 1))).toBe("LISP4001_SYNTAX");
  });
});
