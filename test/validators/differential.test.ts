/**
 * Differential tests: the compiled back end, the interpreter, the zod export, and (for JSON-
 * representable families) the JSON Schema export run by ajv must give the same verdict on every value: valid
 * values generated from the type, near-valid ones (one spot replaced), and junk.
 * DIFF_RUNS sets the number of values per family: 20,000 in `npm test` (2,000 in `npm run test:quick`),
 * 100,000 in `npm run test:heavy`, which .ci/run runs after `npm test`.
 */
import { compileSchema, compileValidatorSource, schemaFromExpr, type TypeExpr } from "@causality/schema";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FAMILIES } from "../../fixtures/validators/shapes.mjs";
import { FORMAT_SOURCES } from "../../packages/schema/src/validate/formats.js";
import { breathe, runs } from "../support/breathe.js";
import { edgeValue, HOSTILE, nearValid, validValue } from "./values.js";

const RUNS = Number(process.env.DIFF_RUNS ?? runs(20_000));

/** Loads generated code the way a bundle would, through a data: URL module (tests only). */
async function compiled(
  expr: TypeExpr,
): Promise<{ is(v: unknown): boolean; equals(v: unknown): boolean; issues(v: unknown): unknown[] }> {
  const source = `export default ${compileValidatorSource(expr)};`;
  return (await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`)).default;
}

function isJson(v: unknown): boolean {
  try {
    return (
      JSON.stringify(JSON.parse(JSON.stringify(v))) === JSON.stringify(v) && !/undefined/.test(String(v))
    );
  } catch {
    return false;
  }
}

describe("compiled == interpreter == zod == JSON Schema (ajv)", () => {
  for (const [name, [expr, jsonComparable, zodComparable = true]] of Object.entries(FAMILIES)) {
    it(`${name}: ${RUNS} values`, async () => {
      const interpreted = schemaFromExpr(expr);
      const code = await compiled(expr);
      // The same code compiled at run time (compileSchema), as a third back end.
      const runtime = compileSchema(expr);
      expect(runtime.compiled).toBe(true);
      const ajv = new Ajv2020({ strict: false, allErrors: false });
      // Same format definitions as ours: the comparison is about structure, not format regexes.
      for (const [format, { regex }] of Object.entries(FORMAT_SOURCES)) {
        ajv.addFormat(
          format,
          new RegExp(regex.slice(1, regex.lastIndexOf("/")), regex.slice(regex.lastIndexOf("/") + 1)),
        );
      }
      const ajvCheck = jsonComparable ? ajv.compile(interpreted.toJSONSchema()) : undefined;
      const zod = interpreted.toZod(z);
      let valid = 0;
      let checkedWithAjv = 0;
      const value = fc.oneof(
        { weight: 4, arbitrary: validValue(expr) },
        { weight: 4, arbitrary: nearValid(expr) },
        { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
        { weight: 1, arbitrary: edgeValue() },
      );
      await fc.assert(
        fc.asyncProperty(value, async (v) => {
          await breathe();
          const verdict = interpreted.is(v);
          if (verdict) valid++;
          expect(code.is(v), "compiled is").toBe(verdict);
          expect(code.equals(v), "compiled equals").toBe(interpreted.equals(v));
          expect(runtime.is(v), "compileSchema is").toBe(verdict);
          const odd = typeof v === "object" && v !== null && HOSTILE.has(v);
          if (zodComparable && !odd) expect(zod.safeParse(v).success, "zod").toBe(verdict);
          const result = interpreted.validate(v);
          // The generated validate reports exactly the interpreter's issues, in the same order.
          expect(code.issues(v), "compiled issues").toEqual(result.success ? [] : result.errors);
          expect(result.success).toBe(verdict);
          // Its issue lists are the compiled ones (same source); compared where there are issues.
          if (!verdict) expect(runtime.validate(v), "compileSchema validate").toEqual(result);
          if (!verdict) expect((result as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
          if (ajvCheck && !odd && isJson(v)) {
            checkedWithAjv++;
            expect(ajvCheck(JSON.parse(JSON.stringify(v)))).toBe(
              interpreted.is(JSON.parse(JSON.stringify(v))),
            );
          }
        }),
        { numRuns: RUNS },
      );
      // The generators must exercise both verdicts, or the comparison proves little.
      expect(valid).toBeGreaterThan(RUNS * 0.1);
      expect(valid).toBeLessThan(RUNS * 0.97);
      if (jsonComparable) expect(checkedWithAjv).toBeGreaterThan(RUNS * 0.3);
    }, 300_000);
  }
});
