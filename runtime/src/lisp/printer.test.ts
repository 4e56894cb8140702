import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { breathe } from "../../../test/support/breathe.js";
import { LispError } from "./errors.js";
import { Interpreter, Rec, show, type Value } from "./evaluator.js";
import { MAX_INT_BITS } from "./limits.js";
import { print, printForm, readValue } from "./printer.js";
import { read } from "./reader.js";

/** Equality that tells integers from floats and -0 from 0, stricter than the language's `=`. */
function same(a: Value, b: Value): boolean {
  if (typeof a === "number") return typeof b === "number" && Object.is(a, b);
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i] as Value));
  if (a instanceof Rec)
    return (
      b instanceof Rec &&
      a.entries.size === b.entries.size &&
      [...a.entries].every(([k, v]) => b.entries.has(k) && same(v, b.entries.get(k)!))
    );
  return a === b;
}

const bound = (1n << BigInt(MAX_INT_BITS)) - 1n;
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({
    unit: fc.oneof(fc.constantFrom('"', "\\", "\n", "\t", "\u0000", "\u2028", "é"), loneSurrogate),
  }),
);
const scalar: fc.Arbitrary<Value> = fc.oneof(
  fc.bigInt({ min: -bound, max: bound }),
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  text,
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 5 }),
    fc
      .array(fc.tuple(fc.oneof(text, fc.constantFrom("__proto__", "constructor")), tie("value")), {
        maxLength: 5,
      })
      .map((entries) => new Rec(new Map(entries))),
  ),
}));

describe("printer", () => {
  it("prints every kind of value so that the reader reads it back to the same value", async () => {
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        await breathe();
        const printed = print(v);
        expect(same(readValue(printed), v)).toBe(true);
        // Printed data is also valid source, and printForm writes the forms back the same way.
        expect(printForm(read(printed)[0]!)).toBe(printed);
      }),
      { numRuns: 500 },
    );
  });

  it("writes the reader's notation (golden examples)", () => {
    expect(print(-12345678901234567890123n)).toBe("-12345678901234567890123");
    expect(print('a"b\\c\nd\u0001é😀\ud800')).toBe('"a\\"b\\\\c\\nd\\u0001é😀\\ud800"');
    expect(print([1n, [2.5, -0, 3], null, true, false, ""])).toBe('(1 (2.5 -0.0 3.0) nil true false "")');
    expect(
      print(
        new Rec(
          new Map<string, Value>([
            ["__proto__", 1n],
            ["big", 1e21],
            ["e", new Rec(new Map())],
          ]),
        ),
      ),
    ).toBe('{"__proto__" 1 "big" 1e+21 "e" {}}');
    expect(print(5e-324)).toBe("5e-324");
  });

  it("reads printed records and floats as code too", () => {
    const v = new Interpreter().run('{"a" (+ 1 2) "b" (quote (1 x))}');
    expect(print(v)).toBe('{"a" 3 "b" (1 "x")}');
    expect(new Interpreter().run("(quote {k 1.0})")).toEqual(new Rec(new Map([["k", 1]])));
    expect(new Interpreter().run("(* 1.5 2)")).toBe(3);
  });

  it("refuses what it cannot print readably, and text that is not one value", () => {
    const fn = new Interpreter().run("(fn (x) x)");
    expect(() => print(fn)).toThrow(/^LISP4003_TYPE at 0:0: #<fn fn> has no printed form/);
    expect(() => print([Number.POSITIVE_INFINITY])).toThrow(/^LISP4009_NUMBER_TOO_LARGE/);
    expect(() => readValue("1 2")).toThrow(/^LISP4001_SYNTAX at 1:3: expected one value, found 2/);
    expect(() => readValue("{1 2}")).toThrow(/^LISP4003_TYPE at 1:2: record keys are strings/);
    expect(() => readValue('{"a"}')).toThrow(
      /^LISP4001_SYNTAX at 1:1: a record literal takes key value pairs/,
    );
    expect(() => readValue("(1 2}")).toThrow(LispError);
    expect(() => new Interpreter().run("{1 2}")).toThrow(
      /^LISP4003_TYPE at 1:2: record keys are strings, got 1/,
    );
  });

  it("keeps show short for error messages", () => {
    const long = Array.from({ length: 1000 }, (_, i) => BigInt(i));
    expect(show(long)).toHaveLength(201);
    expect(show(long).endsWith("…")).toBe(true);
    expect(show(new Interpreter().run("(fn (x) x)"))).toBe("#<fn fn>");
    // `str` writes values the same way, floats as JavaScript does.
    expect(new Interpreter().run('(str "n=" 3.0 " " 1.5 " " (list 1 "a" nil) {"k" 2})')).toBe(
      'n=3 1.5 (1 "a" nil){"k" 2}',
    );
  });
});
