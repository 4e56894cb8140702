/**
 * String checks on both back ends: template holes with refinements and ranges, the calendar rules
 * of `date`/`date-time`, format names that are Object.prototype members, and linear time on
 * hostile 100,000-character strings.
 */
import { compileValidatorSource, schemaFromExpr, type TypeExpr, t } from "@causality/schema";
import { describe, expect, it } from "vitest";

type Schema = ReturnType<typeof schemaFromExpr>;

async function both(expr: TypeExpr): Promise<Schema[]> {
  const source = `export default ${compileValidatorSource(expr)};`;
  const compiled = (await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`))
    .default;
  return [schemaFromExpr(expr), schemaFromExpr(expr, compiled)];
}

/** The verdicts of both back ends (which must agree) on each value. */
async function verdicts(expr: TypeExpr, values: unknown[]): Promise<boolean[]> {
  const [interpreted, compiled] = await both(expr);
  const a = values.map((v) => interpreted!.is(v));
  expect(values.map((v) => compiled!.is(v))).toEqual(a);
  for (const v of values) expect(compiled!.validate(v)).toEqual(interpreted!.validate(v));
  return a;
}

const format = (value: string) => t.refine(t.string(), { kind: "format", value });

describe("template holes check their refinements and ranges", () => {
  it("id-${u8} accepts 0..255 as TypeScript reads numbers, not 256 or -1", async () => {
    const expr = t.template(["id-", ""], [t.u8()]);
    expect(
      await verdicts(expr, ["id-0", "id-255", "id-256", "id--1", "id-1.5", "id-0x10", "id-", "id-NaN"]),
    ).toEqual([true, true, false, false, false, true, false, false]);
  });
  it("x-${string & MinLength<3>} rejects a short piece, and a pattern applies to the piece", async () => {
    const min = t.template(["x-", ""], [t.refine(t.string(), { kind: "minLength", value: 3 })]);
    expect(await verdicts(min, ["x-", "x-ab", "x-abc", "x-abcd"])).toEqual([false, false, true, true]);
    const pattern = t.template(
      ["", "@", ""],
      [t.string(), t.refine(t.string(), { kind: "pattern", value: "^[a-z]+$" })],
    );
    expect(await verdicts(pattern, ["a@b", "a@B", "a@b@c"])).toEqual([true, false, false]);
  });
  it("a number hole with bounds reads the number; a bigint hole reads a bigint literal", async () => {
    const bounded = t.template(["", "%"], [t.refine(t.number(), { kind: "maximum", value: 100 })]);
    expect(await verdicts(bounded, ["100%", "100.5%", "1e2%", "-5%", "%"])).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
    const big = t.template(["n", ""], [t.bigintRange(0n, 2n ** 64n - 1n)]);
    expect(
      await verdicts(big, ["n0", "n18446744073709551615", "n18446744073709551616", "n-1", "n1.0"]),
    ).toEqual([true, true, false, false, false]);
  });
  it("a refined bigint hole reads a bigint literal (any base), then checks the refinement", async () => {
    // docs/semantics.md: `${bigint}` is a bigint literal; refinements apply to the value read.
    const expr = t.template(["n", ""], [t.refine(t.bigint(), { kind: "minimum", value: 0 })]);
    expect(await verdicts(expr, ["n0x10", "n0", "n7", "n-1", "n-0x1", "n1.5", "nabc", "n"])).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
  it("unions, literals and nested templates as holes", async () => {
    const expr = t.template(
      ["", "/", ""],
      [t.union(t.literal("a"), t.literal("b")), t.union(t.template(["v", ""], [t.integer()]), t.null())],
    );
    expect(await verdicts(expr, ["a/v1", "b/null", "c/v1", "a/v1.5", "a/", "a/v"])).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
  it("template dictionary keys follow the same rules", async () => {
    const expr = t.dict(t.template(["id-", ""], [t.u8()]), t.number());
    expect(await verdicts(expr, [{ "id-1": 1 }, { "id-256": 1 }, {}])).toEqual([true, false, true]);
  });
});

describe("date and date-time follow RFC 3339's calendar", () => {
  it("rejects days a month does not have, and accepts 29 February of leap years", async () => {
    const dates = [
      "2024-02-29",
      "2023-02-29",
      "1900-02-29",
      "2000-02-29",
      "2024-04-31",
      "2024-04-30",
      "2024-12-31",
      "2024-13-01",
      "2024-00-10",
    ];
    expect(await verdicts(format("date"), dates)).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
      true,
      false,
      false,
    ]);
  });
  it("rejects hour 24, minute 60, and a leap second anywhere but 23:59:60 UTC", async () => {
    const times = [
      "2024-01-01T23:59:59Z",
      "2024-01-01T24:00:00Z",
      "2024-01-01T12:60:00Z",
      "2016-12-31T23:59:60Z",
      "2016-12-31T12:00:60Z",
      "2016-12-31T15:59:60-08:00",
      "2023-02-29T00:00:00Z",
      "2024-01-01T00:00:00+24:00",
      "2024-01-01T00:00:00.123+05:30",
    ];
    expect(await verdicts(format("date-time"), times)).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
      false,
      false,
      true,
    ]);
  });
});

describe("format names are data, not property lookups", () => {
  it("constructor, toString, __proto__ and hasOwnProperty are unknown formats: they reject, with an issue", async () => {
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
      const expr = t.record({ a: format(name) });
      expect(await verdicts(expr, [{ a: "x" }, { a: "" }])).toEqual([false, false]);
      const [interpreted] = await both(expr);
      expect(interpreted!.validate({ a: "x" })).toEqual({
        success: false,
        errors: [expect.objectContaining({ code: "invalid_format", path: "$input.a" })],
      });
    }
  });
});

describe("hostile strings take linear time", () => {
  const n = 100_000;
  const cases: [string, TypeExpr, string][] = [
    ["email, dots after the @", format("email"), `a@${".".repeat(n)} `],
    ["email, no @", format("email"), `${"a".repeat(n)} `],
    ["${number}px", t.template(["", "px"], [t.number()]), `${"1".repeat(n)}p`],
    ["${string}a${string}b", t.template(["", "a", "b"], [t.string(), t.string()]), "a".repeat(n)],
    [
      "template key",
      t.dict(t.template(["", "-", "-", ""], [t.string(), t.string(), t.number()]), t.any()),
      "",
    ],
  ];
  for (const [name, expr, text] of cases) {
    it(`${name}: 100,000 characters in well under a second`, async () => {
      const value = expr.kind === "dict" ? { [`${"-".repeat(n)}x`]: 1 } : text;
      for (const schema of await both(expr)) {
        const start = performance.now();
        schema.validate(value);
        schema.is(value);
        expect(performance.now() - start).toBeLessThan(1000);
      }
    });
  }
});
