/** `schemaFromExpr`: a TypeSchema over the interpreter (or over compiled functions when given). */

import type { z as Z } from "zod";
import { canonicalizeWithId } from "../canonical.js";
import { toHex } from "../id.js";
import type { TypeExpr } from "../type-expr.js";
import type { TypeSchema, ValidateOptions, ValidationIssue, ValidationResult } from "../type-schema.js";
import { buildCheck, type Check, type Ctx } from "./interpret.js";
import { ISSUE, SchemaValidationError } from "./issues.js";
import { type JsonSchema, toJSONSchema } from "./json-schema.js";
import { ROOT_PATH } from "./path.js";
import { toZod } from "./zod.js";

/** Functions from the compiled back end (`compileValidatorSource`), emitted at build time. */
export interface CompiledValidators {
  is(value: unknown): boolean;
  equals(value: unknown): boolean;
  /** Every issue, in the interpreter's order (empty when the value is valid). */
  issues?(value: unknown): ValidationIssue[];
}

/**
 * A TypeSchema for `expr`. With `compiled`, `is`/`equals` and the success path of `validate` and
 * `assert` run the generated code; issues are always collected by the interpreter, which the
 * differential tests hold to the same verdicts.
 */
export function schemaFromExpr<T>(
  expr: TypeExpr,
  compiled?: CompiledValidators,
): TypeSchema<T> & { toJSONSchema(): JsonSchema } {
  const { expr: canonical, id } = canonicalizeWithId(expr);
  const hex = toHex(id);
  const check = buildCheck(canonical);
  const run = (value: unknown, ctx: Ctx): boolean => guarded(check, value, ctx);
  const issues = (value: unknown, exact: boolean, first: boolean): ValidationIssue[] => {
    const out: ValidationIssue[] = [];
    run(value, { out, exact, first, depth: 0, tracking: true, deep: false });
    return out;
  };
  // Verdict-only runs reuse one context each (depth always returns to 0), so `is` allocates nothing.
  const isCtx: Ctx = { out: null, exact: false, first: true, depth: 0, tracking: false, deep: false };
  const equalsCtx: Ctx = { out: null, exact: true, first: true, depth: 0, tracking: false, deep: false };
  const verdict = (value: unknown, exact: boolean): boolean => {
    const ctx = exact ? equalsCtx : isCtx;
    ctx.depth = 0;
    // Remembered union failures hold for one call only: the value may change before the next.
    ctx.failed = null;
    return run(value, ctx);
  };
  const is = compiled
    ? (value: unknown): value is T => compiled.is(value)
    : (value: unknown): value is T => verdict(value, false);
  const equals = compiled
    ? (value: unknown): value is T => compiled.equals(value)
    : (value: unknown): value is T => verdict(value, true);
  return Object.freeze({
    id: hex,
    expr: canonical,
    is,
    equals,
    assert(value: unknown): T {
      if (compiled?.is(value)) return value as T;
      const found = compiled?.issues ? compiled.issues(value) : issues(value, false, true);
      if (found.length > 0) throw new SchemaValidationError(found[0]!, hex);
      return value as T;
    },
    validate(value: unknown, options?: ValidateOptions): ValidationResult<T> {
      if (options?.exact) {
        // The compiled back end has no exact issue list; the interpreter gives it.
        if (equals(value)) return { success: true, data: value as T };
        return { success: false, errors: issues(value, true, false) };
      }
      if (compiled?.is(value)) return { success: true, data: value as T };
      const errors = compiled?.issues ? compiled.issues(value) : issues(value, false, false);
      return errors.length === 0 ? { success: true, data: value as T } : { success: false, errors };
    },
    toJSONSchema: () => toJSONSchema(canonical),
    toZod: (z: typeof Z) => toZod(z, canonical),
  });
}

/** Getters and Proxy traps may throw; the validator never does (except `assert`, by design). */
function guarded(check: Check, value: unknown, ctx: Ctx): boolean {
  try {
    return check(value, ROOT_PATH, ctx);
  } catch (e) {
    ctx.out?.push({
      code: ISSUE.unreadable,
      path: ROOT_PATH,
      expected: "a readable value",
      value: e instanceof Error ? e.message : String(e),
    });
    return false;
  }
}
