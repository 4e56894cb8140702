/**
 * The JSON Schema and zod exports held to the validator (issue 5): on the same values, ajv (Ajv2020
 * with default options and no formats registered) and zod must give the validator's verdict, except
 * where the export marks the node inexact (`x-causality-inexact`, or a zod description starting with
 * "inexact:"). The marks are asserted too: present exactly where the verdicts can differ.
 */
import { type JsonSchema, schemaFromExpr, type TypeExpr, t, toJSONSchema, toZod } from "@causality/schema";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { KNOWN_FORMATS } from "../../packages/schema/src/validate/formats.js";
import { breathe } from "../support/breathe.js";
import { nearValid, validValue } from "./values.js";

const INEXACT = "x-causality-inexact";

interface Exported {
  /** The validator (interpreter). */
  ours(v: unknown): boolean;
  /** ajv on the exported JSON Schema. */
  ajv(v: unknown): boolean;
  /** zod on the exported zod schema. */
  zod(v: unknown): boolean;
  json: JsonSchema;
  zodSchema: z.ZodType;
}

function exported(expr: TypeExpr): Exported {
  const schema = schemaFromExpr(expr);
  const json = toJSONSchema(expr);
  // A fresh ajv each time: ajv refuses a second schema with the same $id. Default options (so
  // properties are read through the prototype chain, as most users run it), no formats.
  const check = new Ajv2020({ strict: false, logger: false }).compile(json);
  const zodSchema = toZod(z, expr);
  return {
    ours: (v) => schema.is(v),
    ajv: (v) => check(v),
    zod: (v) => zodSchema.safeParse(v).success,
    json,
    zodSchema,
  };
}

/** Every `x-causality-inexact` reason in a JSON Schema, with where it is. */
function jsonMarks(schema: unknown, at = "#"): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const here = INEXACT in schema ? [`${at}: ${(schema as Record<string, unknown>)[INEXACT]}`] : [];
  return [
    ...here,
    ...Object.entries(schema).flatMap(([k, v]) => (k === INEXACT ? [] : jsonMarks(v, `${at}/${k}`))),
  ];
}

/** Every "inexact:" note in a zod schema, found the way a user would: through zod's own JSON Schema. */
function zodMarks(schema: z.ZodType): string[] {
  const described = z.toJSONSchema(schema, { unrepresentable: "any" });
  const found: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v !== "object" || v === null) return;
    const d = (v as { description?: unknown }).description;
    if (typeof d === "string" && d.startsWith("inexact:")) found.push(d);
    Object.values(v).forEach(walk);
  };
  walk(described);
  return found;
}

/** The values as JSON would carry them (what ajv sees in practice: plain prototypes, no undefined). */
const viaJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** ajv (on JSON values) and zod (on the values themselves) agree with the validator on every value. */
function expectAgreement(e: Exported, values: unknown[], { ajv = true, zod = true } = {}) {
  for (const v of values) {
    const label = JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x));
    if (zod) expect(e.zod(v), `zod on ${label}`).toBe(e.ours(v));
    if (ajv) expect(e.ajv(viaJson(v)), `ajv on ${label}`).toBe(e.ours(viaJson(v)));
  }
}

const refine = (base: TypeExpr, ...constraints: Parameters<typeof t.refine>[1][]) =>
  t.refine(base, ...constraints);

describe("string lengths (UTF-16 code units in the validator, code points in JSON Schema)", () => {
  it("minLength/maxLength on strings are marked inexact in JSON Schema, with the reason", () => {
    const min = exported(refine(t.string(), { kind: "minLength", value: 2 }));
    expect(min.ours("😀")).toBe(true);
    expect(min.ajv("😀")).toBe(false);
    expect(jsonMarks(min.json)).toEqual([expect.stringContaining("code points")]);
    const max = exported(refine(t.string(), { kind: "maxLength", value: 3 }));
    expect(max.ours("😀😀")).toBe(false);
    expect(max.ajv("😀😀")).toBe(true);
    expect(jsonMarks(max.json)).toEqual([expect.stringContaining("UTF-16")]);
    // Without characters outside the BMP the verdicts are the same.
    expectAgreement(min, ["", "a", "ab", "abc", "é", "éé"]);
    expectAgreement(max, ["", "abc", "abcd", "éééé"]);
  });

  it("zod counts UTF-16 code units like the validator, so its export is exact", () => {
    for (const expr of [
      refine(t.string(), { kind: "minLength", value: 2 }),
      refine(t.string(), { kind: "maxLength", value: 3 }),
    ]) {
      const e = exported(expr);
      expectAgreement(e, ["", "a", "😀", "a😀", "😀😀", "abcd"], { ajv: false });
      expect(zodMarks(e.zodSchema)).toEqual([]);
    }
  });

  it("lengths of lists are exact (minItems/maxItems), and non-lengths fail minLength in both", () => {
    const list = exported(
      refine(t.list(t.string()), { kind: "minLength", value: 1 }, { kind: "maxLength", value: 2 }),
    );
    expect(jsonMarks(list.json)).toEqual([]);
    expectAgreement(list, [[], ["😀"], ["a", "b"], ["a", "b", "c"], "ab"]);
    // On `any`, the validator gives numbers and objects length 0: minLength 1 rejects them.
    const anyLength = exported(refine(t.any(), { kind: "minLength", value: 1 }));
    expectAgreement(anyLength, [1, {}, null, true, "a", "", [1], []]);
  });
});

describe("multipleOf (the validator tolerates binary rounding)", () => {
  it("is marked inexact on number and on integer, and ajv differs where the tolerance matters", () => {
    const tenth = exported(refine(t.number(), { kind: "multipleOf", value: 0.1 }));
    for (const v of [0.3, 0.7]) {
      expect(tenth.ours(v)).toBe(true);
      expect(tenth.ajv(v)).toBe(false);
    }
    expect(jsonMarks(tenth.json)).toEqual(
      expect.arrayContaining([expect.stringContaining("multipleOf 0.1: the validator accepts a quotient")]),
    );
    const three = exported(refine(t.integer(), { kind: "multipleOf", value: 3 }));
    expect(jsonMarks(three.json)).toEqual([expect.stringContaining("multipleOf 3")]);
    expectAgreement(three, [0, 3, -9, 4, 3.5]);
  });

  it("zod applies the same tolerance as the validator", () => {
    const e = exported(refine(t.number(), { kind: "multipleOf", value: 0.1 }));
    expectAgreement(e, [0.3, 0.7, 0.35, 1, 0.1 + 0.2, Number.NaN, Number.POSITIVE_INFINITY, "0.3"], {
      ajv: false,
    });
    expect(zodMarks(e.zodSchema)).toEqual([]);
  });

  it("a non-number fails multipleOf in the validator, and in the JSON Schema too", () => {
    const e = exported(refine(t.any(), { kind: "multipleOf", value: 2 }));
    expectAgreement(e, ["a", null, [], {}, 4, 3]);
  });
});

describe("dictionary keys of number, integer and literal types (keys are strings)", () => {
  const keys = [
    "0",
    "1",
    "-3",
    "-0",
    "01",
    "1.5",
    "1e21",
    "1e+21",
    "0.000001",
    "1e-7",
    "0.0000001",
    "NaN",
    "Infinity",
    "-Infinity",
    "a",
    "",
    " 1",
    "__proto__",
    "constructor",
  ];
  const objectsWithKeys = keys.map((k) => JSON.parse(`{${JSON.stringify(k)}:"v"}`));

  it("integer and range keys are an exact pattern: ajv and zod agree on every key", () => {
    for (const key of [t.integer(), t.u8(), t.range(-5, 5)]) {
      const e = exported(t.dict(key, t.string()));
      expect(e.ours({ "1": "v" })).toBe(true);
      expectAgreement(e, [{}, ...objectsWithKeys, { "1": 2 }]);
      expect(jsonMarks(e.json)).toEqual([]);
      expect(zodMarks(e.zodSchema)).toEqual([]);
    }
  });

  it("numeric and other literal keys, enums and unions of them are exact", () => {
    for (const key of [
      t.literal(1),
      t.literal(1.5),
      t.union(t.literal(1), t.literal(2), t.literal("a")),
      t.enum([1, "NaN", 0]),
      t.literal(true),
    ]) {
      const e = exported(t.dict(key, t.string()));
      expectAgreement(e, [{}, { "1": "v" }, { "2": "v" }, { true: "v" }, ...objectsWithKeys]);
      expect(jsonMarks(e.json)).toEqual([]);
    }
  });

  it("number keys: every String(n) passes both; the schema is marked inexact for non-shortest digits", async () => {
    const e = exported(t.dict(t.number(), t.string()));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.double(), fc.integer()), async (n) => {
        await breathe();
        const value = { [String(n)]: "v" };
        expect(e.ours(value)).toBe(true);
        expect(e.ajv(value)).toBe(true);
        expect(e.zod(value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // The pattern never rejects a key the validator accepts.
    for (const v of objectsWithKeys) if (e.ours(v)) expect(e.ajv(v)).toBe(true);
    expect(e.ours({ "12345678901234567891": "v" })).toBe(false);
    expect(e.ajv({ "12345678901234567891": "v" })).toBe(true);
    expect(jsonMarks(e.json)).toEqual([expect.stringContaining("number keys")]);
    // zod mirrors the validator's key rule exactly.
    expectAgreement(e, [...objectsWithKeys, { "12345678901234567891": "v" }], { ajv: false });
    expect(zodMarks(e.zodSchema)).toEqual([]);
  });

  it("template and refined string keys agree; keys of other types accept no key", () => {
    const cases = [
      t.template(["id-", ""], [t.integer()]),
      refine(t.string(), { kind: "pattern", value: "^[a-z]+$" }),
      t.bool(),
    ];
    for (const key of cases) {
      const e = exported(t.dict(key, t.number()));
      expectAgreement(e, [{}, { "id-1": 1 }, { abc: 1 }, { "id-x": 1 }, { true: 1 }, { ABC: 1 }]);
    }
  });

  it("zod checks dictionaries the way the validator does: __proto__ keys, Dates, symbol keys", () => {
    const e = exported(t.dict(t.string(), t.number()));
    const withSymbol = { a: 1, [Symbol("s")]: "x" };
    class Point {
      x = 1;
    }
    expectAgreement(
      e,
      [JSON.parse('{"__proto__":"x"}'), JSON.parse('{"__proto__":1}'), new Date(), new Point(), withSymbol],
      {
        ajv: false,
      },
    );
    expectAgreement(e, [JSON.parse('{"__proto__":"x"}'), JSON.parse('{"__proto__":1}')]);
  });
});

describe("fields named __proto__, constructor and the other Object.prototype members", () => {
  /** A record with one field `name` (not via an object literal, where `__proto__` sets the prototype). */
  const recordOf = (name: string, optional: boolean): TypeExpr => ({
    kind: "record",
    fields: [
      { name, type: t.string(), ...(optional ? { optional: true } : {}) },
      { name: "n", type: t.integer() },
    ],
  });

  it("a __proto__ field is a real key in both exports", () => {
    const e = exported(recordOf("__proto__", false));
    expect(JSON.stringify(e.json)).toContain("__proto__");
    expect(e.ours(JSON.parse('{"__proto__":"x","n":1}'))).toBe(true);
    expectAgreement(e, [
      JSON.parse('{"n":1}'),
      JSON.parse('{"__proto__":"x","n":1}'),
      JSON.parse('{"__proto__":5,"n":1}'),
      JSON.parse('{"__proto__":{},"n":1}'),
    ]);
    // The shape object that zod was given must not have become a prototype.
    expect(({} as Record<string, unknown>).n).toBeUndefined();
  });

  it("every Object.prototype name, required and optional, under ajv's default options and zod", () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) {
      for (const optional of [false, true]) {
        const e = exported(recordOf(name, optional));
        const key = JSON.stringify(name);
        expectAgreement(e, [
          JSON.parse('{"n":1}'),
          JSON.parse(`{${key}:"x","n":1}`),
          JSON.parse(`{${key}:1,"n":1}`),
          JSON.parse(`{${key}:"x"}`),
        ]);
        expect(jsonMarks(e.json)).toEqual([]);
        expect(zodMarks(e.zodSchema)).toEqual([]);
      }
    }
  });
});

describe("recursive types", () => {
  const linked = t.recursive("Node", (self) => t.record({ value: t.string(), next: t.optional(self) }));
  const tree = t.recursive("Node", (self) => t.record({ id: t.integer(), children: t.list(self) }));

  it("two different types named Node get two $defs entries", () => {
    const e = exported(t.record({ list: linked, tree }));
    const defs = e.json.$defs as Record<string, unknown>;
    expect(Object.keys(defs)).toHaveLength(2);
    const list = { value: "a", next: { value: "b" } };
    const node = { id: 1, children: [{ id: 2, children: [] }] };
    expectAgreement(e, [
      { list, tree: node },
      { list: node, tree: list },
      { list, tree: { id: 1, children: [list] } },
      { list: { value: "a", next: node }, tree: node },
    ]);
  });

  it("names that are not URI-safe still give resolvable $refs", () => {
    for (const name of ["List<string>", "a/b", "__proto__", "constructor", "#x"]) {
      const e = exported(t.recursive(name, (self) => t.record({ next: t.optional(self) })));
      expectAgreement(e, [{}, { next: {} }, { next: 1 }, { next: { next: "x" } }]);
    }
  });

  it("are marked: the validator stops at 1,000 levels of nesting, the exports do not", () => {
    const e = exported(linked);
    let deep: Record<string, unknown> = { value: "end" };
    for (let i = 0; i < 1001; i++) deep = { value: "x", next: deep };
    expect(e.ours(deep)).toBe(false);
    expect(e.ajv(deep)).toBe(true);
    expect(jsonMarks(e.json)).toEqual([expect.stringContaining("1000 levels")]);
    expect(zodMarks(e.zodSchema)).toEqual([expect.stringContaining("1000 levels")]);
  });
});

describe("formats, checked by an ajv that knows no formats", () => {
  const samples = [
    "",
    "x",
    "123e4567-e89b-12d3-a456-426614174000",
    "123E4567-E89B-12D3-A456-426614174000",
    "123e4567-e89b-12d3-a456-42661417400",
    "a@b.co",
    "a@b",
    "a b@c.d",
    "2024-02-29T12:30:00Z",
    "2024-02-29t12:30:00.123+01:00",
    "2024-13-01T00:00:00Z",
    "2024-01-01T25:00:00Z",
    "2024-02-29",
    "2024-02-31",
    "2024-1-01",
    "12:30:00",
    "12:30:00.5+02:00",
    "12:30",
    "https://example.com/a?b",
    "mailto:x",
    "no scheme",
    "0x1F",
    "1f",
    "0xg",
    "192.168.0.1",
    "256.1.1.1",
    "::1",
    "2001:db8::8a2e:370:7334",
    "1:2:3:4:5:6:7:8",
    ":::",
  ];

  it("every known format is also a pattern; exact except the calendar check of date and date-time", () => {
    for (const format of KNOWN_FORMATS) {
      const e = exported(refine(t.string(), { kind: "format", value: format }));
      const marks = jsonMarks(e.json);
      expectAgreement(e, samples, { ajv: false });
      if (format === "date" || format === "date-time") {
        // The pattern is the shape: it accepts everything the validator accepts.
        for (const s of samples) if (e.ours(s)) expect(e.ajv(s), `${format} ${s}`).toBe(true);
        expect(e.ours("2024-01-01T25:00:00Z")).toBe(false);
        expect(marks).toEqual([expect.stringContaining("calendar date")]);
      } else {
        expectAgreement(e, samples, { zod: false });
        expect(marks, format).toEqual([]);
      }
      expect(e.ajv("not valid for any format ::: @@")).toBe(false);
    }
  });

  it("a format on a base that is not a string, and an unknown format, reject in both", () => {
    expectAgreement(exported(refine(t.any(), { kind: "format", value: "uuid" })), [1, null, "x", samples[2]]);
    expectAgreement(exported(refine(t.string(), { kind: "format", value: "no-such-format" })), samples);
  });
});

describe("bigints (shown as decimal strings in JSON Schema)", () => {
  const bigints = [
    -(2n ** 64n),
    -1234567n,
    -1n,
    0n,
    1n,
    4n,
    5n,
    9n,
    10n,
    99n,
    100n,
    1233n,
    1234n,
    1235n,
    9999n,
    2n ** 53n,
    2n ** 64n - 1n,
    2n ** 64n,
  ];

  /** The validator on the bigint against ajv on its decimal string. */
  function agreeOnStrings(expr: TypeExpr, values: bigint[]) {
    const e = exported(expr);
    for (const v of values) expect(e.ajv(String(v)), String(v)).toBe(e.ours(v));
    for (const s of ["007", "-0", "+1", "1.0", ""]) expect(e.ajv(s), s).toBe(false);
    expectAgreement(e, values, { ajv: false });
    return e;
  }

  it("Minimum/Maximum on a bigint become an exact decimal pattern", () => {
    const e = agreeOnStrings(
      refine(t.bigint(), { kind: "minimum", value: 5 }, { kind: "exclusiveMaximum", value: 1234.5 }),
      bigints,
    );
    expect(jsonMarks(e.json)).toEqual([expect.stringContaining("a bigint has no JSON form")]);
    expect(jsonMarks(e.json)[0]).not.toContain("compares");
  });

  it("bigint ranges and literals are exact patterns, at any size", async () => {
    agreeOnStrings(t.bigintRange(0n, 2n ** 64n - 1n), bigints);
    agreeOnStrings(t.bigintRange(-1234567n, 99n), bigints);
    agreeOnStrings(t.bigintLiteral(-1234567n), bigints);
    agreeOnStrings(t.bigint(), bigints);
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt(),
        fc.bigInt(),
        fc.array(fc.bigInt(), { maxLength: 20 }),
        async (a, b, values) => {
          await breathe();
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const e = exported(t.bigintRange(lo, hi));
          for (const v of [lo, hi, lo - 1n, hi + 1n, ...values]) expect(e.ajv(String(v))).toBe(e.ours(v));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a bound the validator compares after rounding to a double, and multipleOf, are marked", () => {
    const big = exported(refine(t.bigint(), { kind: "maximum", value: 2 ** 60 }));
    expect(jsonMarks(big.json)).toEqual([
      expect.stringContaining(`maximum ${2 ** 60} on a bigint: the validator compares`),
    ]);
    const multiple = exported(refine(t.bigint(), { kind: "multipleOf", value: 3 }));
    expect(jsonMarks(multiple.json)).toEqual([expect.stringContaining("multipleOf 3 on a bigint")]);
    expect(zodMarks(big.zodSchema)).toEqual([]);
    expectAgreement(big, [0n, 2n ** 60n, 2n ** 60n + 1n, 2n ** 61n], { ajv: false });
  });
});

describe("integer ranges beyond 2^53", () => {
  it("u64 uses the closest doubles inside the range: exact for JS numbers, still marked", () => {
    const e = exported(t.u64());
    expect(e.ours(2 ** 64)).toBe(false);
    expect(e.ajv(2 ** 64)).toBe(false);
    const largestBelow = 2 ** 64 - 2 ** 11; // the largest double below 2^64: a valid u64
    expect(e.ours(largestBelow)).toBe(true);
    expect(e.ajv(largestBelow)).toBe(true);
    expectAgreement(e, [0, -1, 2 ** 53, 2 ** 64, largestBelow, 1.5]);
    expect(jsonMarks(e.json)).toEqual([expect.stringContaining("not exact doubles")]);
  });
});

describe("tuples in zod", () => {
  it("a required element that accepts undefined must still be present", () => {
    const e = exported(t.tuple(t.string(), t.any()));
    expectAgreement(e, [["a"], ["a", 1], ["a", undefined], [], ["a", 1, 2]], { ajv: false });
    expectAgreement(e, [["a"], ["a", 1], ["a", null]]);
  });

  it("elements after a rest element are checked (exact in zod, marked in JSON Schema)", () => {
    const e = exported(t.tuple(t.string(), t.restElement(t.integer()), t.bool()));
    expectAgreement(
      e,
      [["a", true], ["a", 1, 2, false], ["a", 1, "x", true], ["a", 1], [true], ["a", 1.5, true]],
      {
        ajv: false,
      },
    );
    expect(zodMarks(e.zodSchema)).toEqual([]);
    expect(jsonMarks(e.json)).toEqual([expect.stringContaining("after a rest element")]);
  });
});

describe("exact types carry no mark and agree with the validator", () => {
  const exact: Record<string, TypeExpr> = {
    record: t.record({
      name: t.string(),
      count: t.u32(),
      whole: t.integer(),
      kind: t.union(t.literal("a"), t.literal("b"), t.literal(3)),
      tags: t.list(t.string()),
      note: t.optionalField(t.string()),
      maybe: t.optional(t.union(t.null(), t.string())),
      labels: t.dict(t.string(), t.string()),
      pair: t.tuple(t.string(), t.optionalElement(t.integer())),
      code: refine(t.string(), { kind: "pattern", value: "^[A-Z]{3}$" }),
      id: refine(t.string(), { kind: "format", value: "uuid" }),
      score: t.i8(),
      flag: t.bool(),
      color: t.enum(["red", "green"]),
    }),
    event: t.union(
      t.record({ type: t.literal("a"), x: t.string() }),
      t.record({ type: t.literal("b"), y: t.list(t.i8()) }),
    ),
  };

  for (const [name, expr] of Object.entries(exact)) {
    it(`${name}: no mark; ajv and zod agree on valid, near-valid and junk values`, async () => {
      const e = exported(expr);
      expect(jsonMarks(e.json)).toEqual([]);
      expect(zodMarks(e.zodSchema)).toEqual([]);
      let valid = 0;
      await fc.assert(
        fc.asyncProperty(
          fc
            .oneof(validValue(expr), nearValid(expr), fc.jsonValue({ maxDepth: 2 }))
            .filter((v) => JSON.stringify(v) !== undefined)
            .map(viaJson),
          async (v) => {
            await breathe();
            if (e.ours(v)) valid++;
            expect(e.ajv(v)).toBe(e.ours(v));
            expect(e.zod(v)).toBe(e.ours(v));
          },
        ),
        { numRuns: 1500 },
      );
      expect(valid).toBeGreaterThan(50);
    });
  }

  it("fixed decimals, bounds on integers and intersections: no mark; ajv and zod agree", () => {
    const e = exported(
      t.intersection(
        t.record({ price: t.fixed(2) }),
        t.record({
          level: refine(t.integer(), { kind: "minimum", value: 0 }, { kind: "exclusiveMaximum", value: 10 }),
          at: t.optionalField(t.range(-3, 3)),
        }),
      ),
    );
    expect(jsonMarks(e.json)).toEqual([]);
    expect(zodMarks(e.zodSchema)).toEqual([]);
    expectAgreement(e, [
      { price: "1.50", level: 0 },
      { price: "1.5", level: 9, at: -3 },
      { price: "1.505", level: 9 },
      { price: "01.5", level: 9 },
      { price: "1", level: 10 },
      { price: "1", level: -1 },
      { price: "1", level: 1.5 },
      { price: "1", level: 1, at: 4 },
      { level: 1 },
      { price: "1" },
      [],
      "x",
    ]);
  });
});

describe("the marks are present exactly in the inexact cases", () => {
  const cases: [string, TypeExpr, { json: RegExp | null; zod: RegExp | null }][] = [
    ["number", t.number(), { json: /NaN/, zod: null }],
    ["undefined", t.undefined(), { json: /undefined/, zod: null }],
    ["list of T | undefined", t.list(t.optional(t.string())), { json: /undefined/, zod: null }],
    ["record field T | undefined", t.record({ a: t.optional(t.string()) }), { json: null, zod: null }],
    ["Map", t.map(t.string(), t.string()), { json: /Map/, zod: null }],
    ["Set", t.set(t.string()), { json: /Set/, zod: null }],
    ["Date", t.date(), { json: /Date/, zod: null }],
    ["bigint", t.bigint(), { json: /bigint/, zod: null }],
    ["Uint8Array", t.bytes(), { json: /Uint8Array/, zod: null }],
    ["function", { kind: "function", params: [], returns: t.any() }, { json: /function/, zod: null }],
    ["u64", t.u64(), { json: /doubles/, zod: null }],
    ["u32", t.u32(), { json: null, zod: null }],
    [
      "string MinLength",
      refine(t.string(), { kind: "minLength", value: 1 }),
      { json: /code points/, zod: null },
    ],
    ["MultipleOf", refine(t.integer(), { kind: "multipleOf", value: 2 }), { json: /multipleOf/, zod: null }],
    [
      "Format date",
      refine(t.string(), { kind: "format", value: "date" }),
      { json: /calendar date/, zod: null },
    ],
    ["Format email", refine(t.string(), { kind: "format", value: "email" }), { json: null, zod: null }],
    ["number keys", t.dict(t.number(), t.string()), { json: /number keys/, zod: null }],
    ["integer keys", t.dict(t.integer(), t.string()), { json: null, zod: null }],
    ["template of one string hole", t.template(["a-", ""], [t.string()]), { json: null, zod: null }],
    [
      "template with a number hole",
      t.template(["", "px"], [t.number()]),
      { json: /template holes/, zod: null },
    ],
    [
      "template of two holes",
      t.template(["", "-", ""], [t.string(), t.string()]),
      { json: /first occurrence/, zod: null },
    ],
    ["recursive", t.recursive("L", (s) => t.list(s)), { json: /1000 levels/, zod: /1000 levels/ }],
  ];
  for (const [name, expr, want] of cases) {
    it(name, () => {
      const e = exported(expr);
      const json = jsonMarks(e.json);
      const zod = zodMarks(e.zodSchema);
      if (want.json) expect(json).toEqual([expect.stringMatching(want.json)]);
      else expect(json).toEqual([]);
      if (want.zod) expect(zod).toEqual([expect.stringMatching(want.zod)]);
      else expect(zod).toEqual([]);
    });
  }
});
