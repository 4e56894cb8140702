/**
 * Refined dictionary keys (`Record<number & Minimum<0>, V>`), on every back end: the interpreter,
 * the run-time compiled validator, the generated source, zod, and ajv on the JSON Schema export.
 *
 * The oracle is split as docs/semantics.md (Dictionary keys) splits the rule: whether a key is a key
 * of the base type at all is TypeScript's checker's answer (an object literal with that one key,
 * checked against `Partial<Record<Base, boolean>>`, whose excess-property check rejects other names);
 * the constraints then apply to the number a numeric key names (`"1"` is the number 1, as TypeScript
 * reads it) and to the string itself for string keys, written out here in plain JavaScript.
 */
import {
  type Constraint,
  compileSchema,
  compileValidatorSource,
  type JsonSchema,
  schemaFromExpr,
  type TypeExpr,
  t,
  toJSONSchema,
  toZod,
} from "@causality/schema";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { tsAccepts } from "../oracles/ts-checker.js";

const INEXACT = "x-causality-inexact";
const min = (value: number): Constraint => ({ kind: "minimum", value });
const max = (value: number): Constraint => ({ kind: "maximum", value });
const xmin = (value: number): Constraint => ({ kind: "exclusiveMinimum", value });
const minLength = (value: number): Constraint => ({ kind: "minLength", value });

interface Case {
  readonly name: string;
  /** The key type. */
  readonly key: TypeExpr;
  /** The base as TypeScript writes it (the checker decides which strings are its keys). */
  readonly tsBase: string;
  /** The constraints, as docs/semantics.md reads them on key `k`. */
  readonly holds: (k: string) => boolean;
}

const CASES: readonly Case[] = [
  { name: "number & Minimum<0>", key: t.refine(t.number(), min(0)), tsBase: "number", holds: (k) => +k >= 0 },
  {
    name: "Int & Minimum<1> & Maximum<3>",
    key: t.refine(t.integer(), min(1), max(3)),
    tsBase: "number",
    holds: (k) => Number.isInteger(+k) && +k >= 1 && +k <= 3,
  },
  {
    name: "u8 & ExclusiveMinimum<9.5>",
    key: t.refine(t.u8(), xmin(9.5)),
    tsBase: "number",
    holds: (k) => Number.isInteger(+k) && +k > 9.5 && +k <= 255,
  },
  {
    name: "(Int & Minimum<0>) & Maximum<2>, nested",
    key: t.refine(t.refine(t.integer(), min(0)), max(2)),
    tsBase: "0 | 1 | 2",
    holds: () => true,
  },
  {
    name: "(Int | 'x') & Minimum<1>, spread over the union",
    key: t.refine(t.union(t.integer(), t.literal("x")), min(1)),
    tsBase: "number | 'x'",
    holds: (k) => k === "x" || (Number.isInteger(+k) && +k >= 1),
  },
  {
    name: "enum 0 | 1 | 'a' & Minimum<1>",
    key: t.refine(t.enum([0, 1, "a"]), min(1)),
    tsBase: "0 | 1 | 'a'",
    holds: (k) => k !== "0",
  },
  { name: "literal 5 & Maximum<4>", key: t.refine(t.literal(5), max(4)), tsBase: "5", holds: () => false },
  {
    name: "string & MinLength<2>",
    key: t.refine(t.string(), minLength(2)),
    tsBase: "string",
    holds: (k) => k.length >= 2,
  },
  {
    name: "`k${number}` & MinLength<3>",
    key: t.refine(t.template(["k", ""], [t.number()]), minLength(3)),
    tsBase: "`k${number}`",
    holds: (k) => k.length >= 3,
  },
];

const KEYS = [
  "0",
  "1",
  "2",
  "3",
  "10",
  "9",
  "255",
  "256",
  "-1",
  "01",
  "1.0",
  "1e0",
  "0.5",
  "",
  "x",
  "ab",
  "k1",
  "k12",
];

/** `tsBase` as TypeScript reads it, for the integer cases (whose base the number type over-approximates). */
const isIntegerKey = (k: string) => /^-?(0|[1-9][0-9]*)$/.test(k);
const baseKind = (c: Case): string => {
  const inner = (e: TypeExpr): string => (e.kind === "refine" ? inner(e.base) : e.kind);
  return inner(c.key);
};

describe("refined dictionary keys (docs/semantics.md: Dictionary keys)", () => {
  let ts: boolean[] = [];
  beforeAll(async () => {
    ts = await tsAccepts(
      CASES.flatMap((c) =>
        KEYS.map((k) => ({
          type: `Partial<Record<${c.tsBase}, boolean>>`,
          source: `{ ${JSON.stringify(k)}: true }`,
        })),
      ),
    );
  }, 180_000);

  CASES.forEach((c, i) => {
    it(c.name, () => {
      expect(ts.length).toBe(CASES.length * KEYS.length);
      const expr = t.dict(c.key, t.bool());
      const interpreted = schemaFromExpr(expr);
      const compiled = compileSchema(expr);
      const generated = new Function(`return ${compileValidatorSource(expr)};`)() as {
        is(v: unknown): boolean;
      };
      const zodSchema = toZod(z, expr);
      const json = toJSONSchema(expr);
      const ajv = new Ajv2020({ strict: false, logger: false }).compile(json);
      const marked = JSON.stringify(json).includes(INEXACT);
      KEYS.forEach((k, j) => {
        // Integer and range bases: TypeScript's `number` names every numeric key; the docs narrow it to decimal integers.
        const isKey =
          ts[i * KEYS.length + j]! && (!["integer", "range"].includes(baseKind(c)) || isIntegerKey(k));
        const want = isKey && c.holds(k);
        const v = { [k]: true };
        const at = `${c.name}: key ${JSON.stringify(k)}`;
        expect(interpreted.is(v), at).toBe(want);
        expect(compiled.is(v), `${at} (compiled)`).toBe(want);
        expect(generated.is(v), `${at} (generated)`).toBe(want);
        expect(zodSchema.safeParse(v).success, `${at} (zod)`).toBe(want);
        // A marked schema may accept more than the validator, never less.
        if (marked) expect(!want || ajv(v), `${at} (ajv, marked)`).toBe(true);
        else expect(ajv(v), `${at} (ajv)`).toBe(want);
        if (!want) expect(interpreted.validate(v).success).toBe(false);
      });
    });
  });

  it("the JSON Schema is exact for string keys and bounded integer keys, marked for other numeric keys", () => {
    const marked = (key: TypeExpr) => JSON.stringify(toJSONSchema(t.dict(key, t.bool()))).includes(INEXACT);
    expect(marked(t.refine(t.integer(), min(1), max(3)))).toBe(false);
    expect(marked(t.refine(t.u8(), xmin(9.5)))).toBe(false);
    expect(marked(t.refine(t.string(), { kind: "pattern", value: "^a" }))).toBe(false);
    // (MinLength counts code points in JSON Schema, UTF-16 units in the validator: marked, as for values.)
    expect(marked(t.refine(t.string(), minLength(2)))).toBe(true);
    expect(marked(t.refine(t.literal(5), max(4)))).toBe(false);
    // `number` keys are marked already; a MultipleOf on integer keys has no pattern.
    expect(marked(t.refine(t.integer(), { kind: "multipleOf", value: 2 }))).toBe(true);
    // Beyond 2^53, `Number(k)` is not exact enough to turn the bound into a pattern.
    expect(marked(t.refine(t.u64(), min(2 ** 60)))).toBe(true);
    const json = toJSONSchema(t.dict(t.refine(t.integer(), min(1), max(3)), t.number())) as JsonSchema;
    expect((json as { propertyNames?: unknown }).propertyNames).toBeDefined();
  });

  it("integer keys beyond 2^53 against a bound below it", () => {
    const expr = t.dict(t.refine(t.u64(), max(2 ** 52)), t.bool());
    const ajv = new Ajv2020({ strict: false, logger: false }).compile(toJSONSchema(expr));
    for (const [k, want] of [
      ["4503599627370496", true],
      ["4503599627370497", false],
      ["18446744073709551615", false],
    ] as const) {
      const v = { [k]: true };
      expect(schemaFromExpr(expr).is(v), k).toBe(want);
      expect(compileSchema(expr).is(v), k).toBe(want);
      expect(ajv(v), k).toBe(want);
    }
  });
});

describe("toZod: a refined key that names the recursive type around it", () => {
  // `(string | K) & MinLength<1>` inside K: no string is a K, so the keys are the non-empty strings
  // (docs/semantics.md: keys read as the key type allows); a template hole of that type likewise.
  const key = (self: TypeExpr) => t.refine(t.union(t.string(), self), minLength(1));
  const inDict = t.recursive("K", (self) =>
    t.record({ d: t.dict(key(self), t.number()), k: t.optionalField(self) }),
  );
  const inHole = t.recursive("K", (self) =>
    t.record({ d: t.dict(t.template(["a", ""], [key(self)]), t.number()), k: t.optionalField(self) }),
  );
  const values: [unknown, boolean, boolean][] = [
    // value, as a dictionary key, as a template hole after "a"
    [{ d: { ab: 1 } }, true, true],
    [{ d: { a: 1 } }, true, false],
    [{ d: { "": 1 } }, false, false],
    [{ d: { b: 1 } }, true, false],
    [{ d: { ab: "x" } }, false, false],
    [{ d: {}, k: { d: { "": 1 } } }, false, false],
    [{ d: {}, k: { d: { az: 2 } } }, true, true],
  ];
  it("builds, and agrees with the validator and the docs' rule", () => {
    const zDict = toZod(z, inDict);
    const zHole = toZod(z, inHole);
    for (const [v, dict, hole] of values) {
      expect(zDict.safeParse(v).success, JSON.stringify(v)).toBe(dict);
      expect(schemaFromExpr(inDict).is(v), JSON.stringify(v)).toBe(dict);
      expect(zHole.safeParse(v).success, `${JSON.stringify(v)} (hole)`).toBe(hole);
      expect(schemaFromExpr(inHole).is(v), `${JSON.stringify(v)} (hole)`).toBe(hole);
    }
  });
});
