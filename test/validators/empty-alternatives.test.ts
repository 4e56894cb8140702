/**
 * No alternatives is no match, everywhere: an empty enum or `never` as a template hole or a
 * dictionary's key type. TypeScript reads `a${never}` as never, so no string fits; a dictionary
 * whose key type is never accepts no key. The compiled back end once generated `()` for these (a
 * syntax error) and the JSON Schema export `(?:)` (which matches the empty piece, so ajv accepted
 * "a" for `a${never}` while the export called itself exact). All four must agree with the
 * interpreter on every value here, and with the verdicts stated.
 */
import {
  compileValidatorSource,
  schemaFromExpr,
  type TypeExpr,
  t,
  toJSONSchema,
  toZod,
} from "@causality/schema";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const never = t.never();
const empty = t.enum([]);

/** [type, values, the verdict on each]. */
const CASES: [string, TypeExpr, unknown[], boolean[]][] = [
  [
    "an empty enum as a hole",
    t.template(["a", ""], [empty]),
    ["a", "ab", "", 1],
    [false, false, false, false],
  ],
  ["never as a hole", t.template(["a", ""], [never]), ["a", "ab"], [false, false]],
  ["never between texts", t.template(["<", ">"], [never]), ["<>", "<x>"], [false, false]],
  [
    "an empty enum beside a literal",
    t.template(["a", ""], [t.union(t.literal("b"), empty)]),
    ["ab", "a", "abb"],
    [true, false, false],
  ],
  ["never as a key", t.dict(never, t.string()), [{}, { x: "s" }, { "": "s" }], [true, false, false]],
  [
    "a template key with an empty enum hole",
    t.dict(t.template(["k", ""], [empty]), t.string()),
    [{}, { k: "s" }, { k1: "s" }],
    [true, false, false],
  ],
  [
    "inside a record",
    t.record({ k: t.template(["a", ""], [t.union(t.literal("b"), empty)]) }),
    [{ k: "ab" }, { k: "a" }, {}],
    [true, false, false],
  ],
];

describe("an empty enum or never as a template hole or key matches nothing", () => {
  for (const [name, expr, values, verdicts] of CASES) {
    it(name, () => {
      const interpreted = schemaFromExpr(expr);
      const compiled = new Function(`return ${compileValidatorSource(expr)};`)();
      const json = toJSONSchema(expr);
      const ajv = new Ajv2020({ strict: false, logger: false }).compile(json);
      const zod = toZod(z, expr);
      expect(JSON.stringify(json)).not.toContain("x-causality-inexact");
      values.forEach((v, i) => {
        const at = `${name} ${JSON.stringify(v)}`;
        expect(interpreted.is(v), at).toBe(verdicts[i]);
        expect(compiled.is(v), `compiled ${at}`).toBe(verdicts[i]);
        expect(compiled.equals(v), `compiled equals ${at}`).toBe(interpreted.equals(v));
        const r = interpreted.validate(v);
        expect(compiled.issues(v), `compiled issues ${at}`).toEqual(r.success ? [] : r.errors);
        expect(ajv(v), `ajv ${at}`).toBe(verdicts[i]);
        expect(zod.safeParse(v).success, `zod ${at}`).toBe(verdicts[i]);
      });
    });
  }
});
