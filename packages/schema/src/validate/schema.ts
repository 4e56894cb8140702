/** `schemaFromExpr`: a TypeSchema over the interpreter (or over compiled functions when given). */
import { canonicalizeWithId } from "../canonical.js";
import { toHex } from "../id.js";
import type { TypeExpr } from "../type-expr.js";
import type { TypeSchema, ValidationIssue, ValidationResult } from "../type-schema.js";
import { buildCheck, type Check, type Ctx } from "./interpret.js";
import { ISSUE, SchemaValidationError } from "./issues.js";
import { type JsonSchema, toJSONSchema } from "./json-schema.js";
import { ROOT_PATH } from "./path.js";

export function schemaFromExpr<T>(expr: TypeExpr): TypeSchema<T> & { toJSONSchema(): JsonSchema } {
  const { expr: canonical, id } = canonicalizeWithId(expr);
  const hex = toHex(id);
  const check = buildCheck(canonical);
  const run = (value: unknown, ctx: Ctx): boolean => guarded(check, value, ctx);
  const issues = (value: unknown, exact: boolean, first: boolean): ValidationIssue[] => {
    const out: ValidationIssue[] = [];
    run(value, { out, exact, first, depth: 0 });
    return out;
  };
  return Object.freeze({
    id: hex,
    expr: canonical,
    is: (value: unknown): value is T => run(value, { out: null, exact: false, first: true, depth: 0 }),
    equals: (value: unknown): value is T => run(value, { out: null, exact: true, first: true, depth: 0 }),
    assert(value: unknown): T {
      const found = issues(value, false, true);
      if (found.length > 0) throw new SchemaValidationError(found[0]!, hex);
      return value as T;
    },
    validate(value: unknown): ValidationResult<T> {
      const errors = issues(value, false, false);
      return errors.length === 0 ? { success: true, data: value as T } : { success: false, errors };
    },
    toJSONSchema: () => toJSONSchema(canonical),
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
