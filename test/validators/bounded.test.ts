/**
 * Bounded work on hostile values, on both back ends: `assert` stops at the first issue, `validate`
 * caps the issues it collects (default and option), a Proxy whose length is Infinity ends `is`, and
 * a value that reads differently each time never passes `validate` after `is` rejected it.
 */
import {
  compileValidatorSource,
  DEFAULT_MAX_ISSUES,
  schemaFromExpr,
  type TypeExpr,
  t,
} from "@causality/schema";
import { describe, expect, it } from "vitest";

type Schema = ReturnType<typeof schemaFromExpr>;

async function both(expr: TypeExpr): Promise<[string, Schema][]> {
  const source = `export default ${compileValidatorSource(expr)};`;
  const compiled = (await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`))
    .default;
  return [
    ["interpreter", schemaFromExpr(expr)],
    ["compiled", schemaFromExpr(expr, compiled)],
  ];
}

const ms = (f: () => void) => {
  const start = performance.now();
  f();
  return performance.now() - start;
};

describe("issue collection is bounded", () => {
  const holes = new Array(10_000_000);
  it("an array of 10 million holes: assert throws the first issue at once", async () => {
    for (const [name, schema] of await both(t.list(t.number()))) {
      let thrown: unknown;
      const took = ms(() => {
        try {
          schema.assert(holes);
        } catch (e) {
          thrown = e;
        }
      });
      expect(thrown, name).toMatchObject({ issue: { code: "invalid_type", path: "$input[0]" } });
      expect(took, name).toBeLessThan(1000);
    }
  });
  it("validate collects the default number of issues, or the number asked for", async () => {
    expect(DEFAULT_MAX_ISSUES).toBe(100);
    for (const [name, schema] of await both(t.record({ xs: t.list(t.number()) }))) {
      const r = schema.validate({ xs: holes });
      expect(r.success ? 0 : r.errors.length, name).toBe(DEFAULT_MAX_ISSUES);
      const few = schema.validate({ xs: holes }, { maxIssues: 3 });
      expect(few.success ? [] : few.errors.map((i) => i.path), name).toEqual([
        "$input.xs[0]",
        "$input.xs[1]",
        "$input.xs[2]",
      ]);
      const all = schema.validate({ xs: [1, "a", 2, "b"] }, { maxIssues: Number.POSITIVE_INFINITY });
      expect(all.success ? 0 : all.errors.length, name).toBe(2);
    }
  });
  it("the cap holds across fields, dictionaries, sets, maps and tuples", async () => {
    const expr = t.record({
      d: t.dict(t.string(), t.number()),
      s: t.set(t.number()),
      m: t.map(t.string(), t.number()),
      r: t.tuple(t.string(), t.restElement(t.number())),
    });
    const many = 5000;
    const value = {
      d: Object.fromEntries(Array.from({ length: many }, (_, i) => [`k${i}`, "x"])),
      s: new Set(Array.from({ length: many }, (_, i) => `x${i}`)),
      m: new Map(Array.from({ length: many }, (_, i) => [`k${i}`, "x"])),
      r: ["a", ...Array.from({ length: many }, () => "x")],
    };
    const [[, interpreted], [, compiled]] = await both(expr);
    for (const max of [1, 7, 100, 20_000]) {
      const a = interpreted!.validate(value, { maxIssues: max });
      expect(compiled!.validate(value, { maxIssues: max })).toEqual(a);
      expect(a.success ? 0 : a.errors.length).toBe(Math.min(max, 4 * many));
    }
  });
  it("a bad maxIssues is a RangeError", async () => {
    for (const [, schema] of await both(t.number())) {
      for (const bad of [0, -1, 1.5, Number.NaN]) {
        expect(() => schema.validate("x", { maxIssues: bad })).toThrow(RangeError);
      }
    }
  });
});

describe("array-likes that lie", () => {
  const infinite = new Proxy([], {
    get: (_target, key) => (key === "length" ? Number.POSITIVE_INFINITY : 1),
  });
  it("a Proxy of an array whose length is Infinity is not an array, at once", async () => {
    for (const expr of [t.list(t.number()), t.tuple(t.number(), t.restElement(t.number()))]) {
      for (const [name, schema] of await both(expr)) {
        const took = ms(() => {
          expect(schema.is(infinite), name).toBe(false);
          expect(schema.validate(infinite), name).toMatchObject({
            success: false,
            errors: [{ code: "invalid_type", path: "$input" }],
          });
        });
        expect(took, name).toBeLessThan(1000);
      }
    }
  });
  it("a length read once: a getter cannot grow the array while it is checked", async () => {
    let reads = 0;
    const growing = new Proxy([1, 2], {
      get: (target, key, receiver) => (key === "length" ? 2 + reads++ : Reflect.get(target, key, receiver)),
    });
    for (const [name, schema] of await both(t.list(t.number()))) {
      reads = 0;
      expect(schema.is(growing), name).toBe(true);
      expect(reads, name).toBe(1);
    }
  });
});

describe("validate decides with one reading", () => {
  it("a getter that fails while is() reads it and passes afterwards is still a failure", async () => {
    for (const [name, schema] of await both(t.record({ a: t.number() }))) {
      let reads = 0;
      const tricky = {
        get a() {
          reads++;
          return reads === 1 ? "not a number" : 1;
        },
      };
      const r = schema.validate(tricky);
      expect(r.success, name).toBe(false);
      reads = 0;
      expect(() => schema.assert(tricky), name).toThrow();
    }
  });

  it("a rejected value is read once: its issues describe the reading that was rejected", async () => {
    const expr = t.record({ a: t.number(), b: t.list(t.record({ c: t.string() })) });
    for (const [name, schema] of await both(expr)) {
      for (const exact of [false, true]) {
        const reads = { a: 0, b: 0, c: 0 };
        // Each getter answers wrongly the first time only: a second reading would find nothing.
        const inner = {
          get c() {
            return reads.c++ === 0 ? 7 : "fine";
          },
        };
        const tricky = {
          get a() {
            return reads.a++ === 0 ? "not a number" : 1;
          },
          get b() {
            reads.b++;
            return [inner];
          },
        };
        const r = schema.validate(tricky, { exact });
        expect(r, `${name} exact=${exact}`).toEqual({
          success: false,
          errors: [
            expect.objectContaining({ code: "invalid_type", path: "$input.a", value: "not a number" }),
            expect.objectContaining({ code: "invalid_type", path: "$input.b[0].c", value: 7 }),
          ],
        });
        expect(reads, `${name} exact=${exact}`).toEqual({ a: 1, b: 1, c: 1 });
      }
    }
  });

  it("a valid value is read once by validate too", async () => {
    for (const [name, schema] of await both(t.record({ a: t.number() }))) {
      let reads = 0;
      const counted = {
        get a() {
          reads++;
          return 1;
        },
      };
      expect(schema.validate(counted).success, name).toBe(true);
      expect(reads, name).toBe(1);
    }
  });
});
