/**
 * The interpreter's refinements, constraints and exact key checks (packages/schema/src/validate/
 * interpret.ts), and the exported pattern of template holes (template.ts), against the rules
 * docs/refinements.md and docs/semantics.md state. Written against the surviving and uncovered
 * mutants of the validators-interpret Stryker run (mutation/README.md); interpreter-b.test.ts has
 * the rows TypeScript's checker decides.
 */
import { type Constraint, schemaFromExpr, type TypeExpr, t, toJSONSchema } from "@causality/schema";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";

const N = t.number();
const S = t.string();

/** The verdict of `is` and the first issue's code (undefined when the value passes) for each value. */
function judge(expr: TypeExpr, values: unknown[]): [boolean, string | undefined][] {
  const s = schemaFromExpr(expr);
  return values.map((v) => {
    const r = s.validate(v);
    return [s.is(v), r.success ? undefined : r.errors[0]!.code];
  });
}

const refined = (base: TypeExpr, c: Constraint) => t.refine(base, c);

describe("constraints (docs/refinements.md; issue codes from docs/semantics.md)", () => {
  it("a refinement checks its base first: a value of another type fails whatever the constraints say", () => {
    // MaxLength reads `.length` of strings, arrays and Uint8Arrays; a number is not a string.
    expect(judge(refined(S, { kind: "maxLength", value: 3 }), [5, "ab"])).toEqual([
      [false, "invalid_type"],
      [true, undefined],
    ]);
  });
  it("ExclusiveMinimum and ExclusiveMaximum exclude the bound", () => {
    expect(judge(refined(N, { kind: "exclusiveMinimum", value: 0 }), [0, 1e-300, -1, 5])).toEqual([
      [false, "too_small"],
      [true, undefined],
      [false, "too_small"],
      [true, undefined],
    ]);
    expect(judge(refined(N, { kind: "exclusiveMaximum", value: 10 }), [10, 9.5, 11, -3])).toEqual([
      [false, "too_big"],
      [true, undefined],
      [false, "too_big"],
      [true, undefined],
    ]);
  });
  it("Minimum, Maximum and MultipleOf read bigints as numbers", () => {
    expect(judge(t.refine(t.bigint(), { kind: "exclusiveMinimum", value: 0 }), [0n, 1n])).toEqual([
      [false, "too_small"],
      [true, undefined],
    ]);
    expect(judge(t.refine(t.bigint(), { kind: "multipleOf", value: 5 }), [10n, 7n])).toEqual([
      [true, undefined],
      [false, "not_multiple_of"],
    ]);
    // 2^53 + 1 read as a number is 2^53, which Maximum<2^53> allows.
    expect(judge(t.refine(t.bigint(), { kind: "maximum", value: 2 ** 53 }), [2n ** 53n + 1n])).toEqual([
      [true, undefined],
    ]);
  });
  it("MultipleOf: quotients less than 1e-9 from an integer pass, others and non-finite numbers do not", () => {
    const of = (m: number) => refined(N, { kind: "multipleOf", value: m });
    expect(judge(of(5), [10, 0, -15, 7, Number.POSITIVE_INFINITY, Number.NaN])).toEqual([
      [true, undefined],
      [true, undefined],
      [true, undefined],
      [false, "not_multiple_of"],
      [false, "not_multiple_of"],
      [false, "not_multiple_of"],
    ]);
    expect(judge(of(0.1), [0.3, 0.35])).toEqual([
      [true, undefined],
      [false, "not_multiple_of"],
    ]);
    // 1e-9 / 1 is exactly 1e-9 from 0: not less than the tolerance.
    expect(judge(of(1), [1e-9, 1e-10])).toEqual([
      [false, "not_multiple_of"],
      [true, undefined],
    ]);
  });
  it("MaxLength allows its own length", () => {
    expect(judge(refined(S, { kind: "maxLength", value: 3 }), ["abc", "abcd", ""])).toEqual([
      [true, undefined],
      [false, "too_big"],
      [true, undefined],
    ]);
  });
  it("Pattern is an ECMAScript regular expression with the u flag", () => {
    // With `u`, `.` is one code point, so an emoji (two UTF-16 units) is one character.
    expect(judge(refined(S, { kind: "pattern", value: "^.$" }), ["😀", "a", "ab"])).toEqual([
      [true, undefined],
      [true, undefined],
      [false, "pattern_mismatch"],
    ]);
  });
});

describe("exact key checks (docs/semantics.md: equals, validate with exact)", () => {
  const rec = t.record({ a: N });
  it("validate(v, { exact: true }) lists every excess key, with a text of what was expected", () => {
    const r = schemaFromExpr(rec).validate({ a: 1, x: 1, y: 2 }, { exact: true });
    expect(r.success ? [] : r.errors.map((e) => [e.code, e.path])).toEqual([
      ["excess_key", "$input.x"],
      ["excess_key", "$input.y"],
    ]);
    for (const e of r.success ? [] : r.errors) expect(e.expected).not.toBe("");
  });
  it("equals and an exact validate capped at one issue stop at the first excess key", () => {
    let reads = 0;
    const value = () => ({
      a: 1,
      x: 1,
      get y() {
        reads++;
        return 2;
      },
    });
    const s = schemaFromExpr(rec);
    expect(s.equals(value())).toBe(false);
    expect(s.validate(value(), { exact: true, maxIssues: 1 }).success).toBe(false);
    expect(reads).toBe(0);
  });
});

describe("the exported pattern of template holes (docs/semantics.md, JSON Schema export)", () => {
  const ajv = (expr: TypeExpr) => {
    const json = toJSONSchema(expr);
    return {
      exact: !("x-causality-inexact" in json),
      test: new Ajv2020({ strict: false, logger: false }).compile(json),
    };
  };
  // Inexact, but a piece written as JSON writes the value (a bigint's decimal digits) must pass:
  // `n-${5n}` is "n-5", a string of the type.
  it("bigint and integer range holes accept their values' decimal digits", () => {
    for (const hole of [t.bigintRange(0n, 100n), t.u8()]) {
      const { exact, test } = ajv(t.template(["n-", ""], [hole]));
      expect(exact).toBe(false);
      expect(["n-0", "n-5", "n-100"].map((s) => test(s))).toEqual([true, true, true]);
    }
  });
  // docs/semantics.md: `x-${string & MinLength<3>}` rejects "x-"; "x-abc" is of the type.
  it("a refined hole's pattern is its base's", () => {
    const { exact, test } = ajv(t.template(["x-", ""], [t.refine(S, { kind: "minLength", value: 3 })]));
    expect(exact).toBe(false);
    expect(test("x-abc")).toBe(true);
  });
  // A hole of a kind no string is (TypeScript refuses `${Date}`): the template matches nothing, and
  // the pattern says exactly that.
  it("a hole no string fills matches nothing, exactly", () => {
    const expr = t.template(["a", ""], [t.date()]);
    const { exact, test } = ajv(expr);
    expect(exact).toBe(true);
    for (const s of ["a", "a1", "aDate", ""]) {
      expect(test(s)).toBe(false);
      expect(schemaFromExpr(expr).is(s)).toBe(false);
    }
  });
});
