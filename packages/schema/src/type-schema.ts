/**
 * The schema object users get for a type: `typeSchema<T>()` is replaced at build time (ts-patch
 * transformer or `causality generate`) by a `TypeSchema<T>` built from the type's TypeExpr.
 */
import type { TypeExprIdHex } from "./id.js";
import type { TypeExpr } from "./type-expr.js";
import { type CompiledValidators, schemaFromExpr } from "./validate/schema.js";

/** One problem found in a value: plain data. */
export interface ValidationIssue {
  /** Stable code, e.g. "invalid_type" (docs/semantics.md lists them). */
  readonly code: string;
  /** Where, from the root: `$input.items[2].qty`, `$input["odd key"]`. */
  readonly path: string;
  /** What was expected, as TypeScript-like text. */
  readonly expected: string;
  /** The offending value (as found; may be any JS value). */
  readonly value: unknown;
}

export type ValidationResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly errors: readonly ValidationIssue[] };

export interface ValidateOptions {
  /** Reject keys the type does not declare (`equals` semantics), each an `excess_key` issue. */
  readonly exact?: boolean;
  /**
   * Issues to collect at most (default 100, `DEFAULT_MAX_ISSUES`); validation stops once it has
   * them, so a hostile value (an array of 10 million holes) costs no more than that. `Infinity`
   * collects every issue.
   */
  readonly maxIssues?: number;
}

export interface TypeSchema<T> {
  /** The TypeExprId of the canonical form, "0x" + 64 hex digits. */
  readonly id: TypeExprIdHex;
  /** The canonical TypeExpr. */
  readonly expr: TypeExpr;
  is(value: unknown): value is T;
  /** Returns the value, or throws a SchemaValidationError carrying the first issue. */
  assert(value: unknown): T;
  /**
   * Every issue, or the value. With `{ exact: true }`, judged like `equals`: keys the type does not
   * declare are `excess_key` issues.
   */
  validate(value: unknown, options?: ValidateOptions): ValidationResult<T>;
  /** Like `is`, but also rejects keys that the type does not declare. */
  equals(value: unknown): value is T;
}

/**
 * The schema of `T`. The Causality transformer (ts-patch) or `causality generate` supplies T's
 * TypeExpr at build time, as the argument written here as `injected`; user code calls it with
 * none. Reaching it without one means the build did not run the transformer: the error says where
 * and how to set it up.
 */
export function typeSchema<T>(...injected: [expr?: TypeExpr, compiled?: CompiledValidators]): TypeSchema<T> {
  const [expr, compiled] = injected;
  if (expr === undefined) {
    throw new Error(
      `typeSchema<T>() was called at run time without its schema${callSite()}: the Causality transformer did not run on this file. ` +
        'Build with `tspc` (ts-patch) and add { "transform": "@causality/transformer" } to compilerOptions.plugins in tsconfig.json, ' +
        "or run `causality generate` and import the generated schema module instead.",
    );
  }
  return schemaFromExpr<T>(expr, compiled);
}

/** " (at file:line:col)" of the caller's caller, from the stack, when it can be read. */
export function callSite(): string {
  const frames = (new Error().stack ?? "").split("\n").slice(1);
  const outside = frames.find(
    (f) =>
      !f.includes("/packages/schema/") && !f.includes("@causality/schema") && !f.includes("/runtime/dist/"),
  );
  const where = outside?.match(/\(?((?:file:\/\/)?[^()\s]+:\d+:\d+)\)?\s*$/)?.[1];
  return where ? ` (at ${where})` : "";
}
