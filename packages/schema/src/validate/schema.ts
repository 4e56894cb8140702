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
  /** The issues, in the interpreter's order (empty when the value is valid), at most `max` of them. */
  issues?(value: unknown, max?: number): ValidationIssue[];
}

/**
 * A TypeSchema for `expr`. With `compiled`, `is`, `equals`, `assert` and `validate` run the
 * generated code (`validate` with `exact` runs the interpreter, which has the exact issue list);
 * the differential tests hold the two back ends to the same verdicts and issues.
 */
export function schemaFromExpr<T>(
  expr: TypeExpr,
  compiled?: CompiledValidators,
): TypeSchema<T> & { toJSONSchema(): JsonSchema } {
  const { expr: canonical, id } = canonicalizeWithId(expr);
  const hex = toHex(id);
  const check = buildCheck(canonical);
  const run = (value: unknown, ctx: Ctx): boolean => guarded(check, value, ctx);
  const issues = (value: unknown, exact: boolean, max: number): ValidationIssue[] => {
    const out: ValidationIssue[] = [];
    // A rejection always carries an issue: the verdict `validate` returns is "no issues".
    if (!run(value, { out, exact, max, depth: 0, peak: 0, tracking: true, deep: false }) && out.length === 0)
      out.push(UNSTABLE);
    return out;
  };
  // The compiled issue list, when there is one; otherwise the interpreter's.
  const collect = (value: unknown, max: number): ValidationIssue[] =>
    compiled?.issues ? compiled.issues(value, max) : issues(value, false, max);
  // Verdict-only runs reuse one context each (depth always returns to 0), so `is` allocates nothing.
  const isCtx: Ctx = { out: null, exact: false, max: 1, depth: 0, peak: 0, tracking: false, deep: false };
  const equalsCtx: Ctx = { out: null, exact: true, max: 1, depth: 0, peak: 0, tracking: false, deep: false };
  const verdict = (value: unknown, exact: boolean): boolean => {
    const ctx = exact ? equalsCtx : isCtx;
    ctx.depth = 0;
    // Remembered union failures hold for one call only: the value may change before the next.
    ctx.failed = null;
    return run(value, ctx);
  };
  // The generated functions themselves, not a wrapper shared by every schema (whose one call site
  // would see every schema's function and inline none of them).
  const is = compiled
    ? (compiled.is as (value: unknown) => value is T)
    : (value: unknown): value is T => verdict(value, false);
  const equals = compiled
    ? (compiled.equals as (value: unknown) => value is T)
    : (value: unknown): value is T => verdict(value, true);
  return Object.freeze({
    id: hex,
    expr: canonical,
    is,
    equals,
    assert(value: unknown): T {
      // One pass decides: the compiled `is`, or the interpreter collecting at most one issue.
      if (compiled) {
        if (compiled.is(value)) return value as T;
        throw new SchemaValidationError(explain(collect(value, 1)), hex);
      }
      const found = issues(value, false, 1);
      if (found.length > 0) throw new SchemaValidationError(found[0]!, hex);
      return value as T;
    },
    validate(value: unknown, options?: ValidateOptions): ValidationResult<T> {
      // One pass decides and collects: the value is read once, so the issues describe the very
      // reading that was rejected (a getter or Proxy gets no second read to answer differently),
      // and a rejected value costs one pass instead of a verdict pass plus an issue pass.
      const max = maxIssues(options);
      // The compiled back end has no exact issue list; the interpreter gives it.
      const errors = options?.exact ? issues(value, true, max) : collect(value, max);
      return errors.length === 0 ? { success: true, data: value as T } : { success: false, errors };
    },
    toJSONSchema: () => toJSONSchema(canonical),
    toZod: (z: typeof Z) => toZod(z, canonical),
  });
}

/** Issues `validate` collects unless told otherwise: enough to act on, bounded for hostile input. */
export const DEFAULT_MAX_ISSUES = 100;

function maxIssues(options: ValidateOptions | undefined): number {
  const max = options?.maxIssues;
  if (max === undefined) return DEFAULT_MAX_ISSUES;
  if (!(max === Number.POSITIVE_INFINITY || (Number.isInteger(max) && max >= 1))) {
    throw new RangeError(`maxIssues must be a positive integer (or Infinity), not ${String(max)}`);
  }
  return max;
}

/**
 * The issues of a value `assert`'s verdict pass rejected (assert keeps the fast `is` for the values
 * that pass, so a rejected one is read again for its message). None means the value read
 * differently the second time (a getter or Proxy answering one thing, then another): that is the issue.
 */
function orUnstable(found: ValidationIssue[]): ValidationIssue[] {
  return found.length > 0 ? found : [UNSTABLE];
}

const UNSTABLE: ValidationIssue = Object.freeze({
  code: ISSUE.unreadable,
  path: ROOT_PATH,
  expected: "a value that reads the same every time",
  value: undefined,
});

function explain(found: ValidationIssue[]): ValidationIssue {
  return orUnstable(found)[0]!;
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
