/**
 * The schema object users get for a type: `typeSchema<T>()` is replaced at build time (ts-patch
 * transformer or `causality generate`) by a `TypeSchema<T>` built from the type's TypeExpr.
 */
import type { TypeExprIdHex } from "./id.js";
import type { TypeExpr } from "./type-expr.js";

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

export interface TypeSchema<T> {
  /** The TypeExprId of the canonical form, "0x" + 64 hex digits. */
  readonly id: TypeExprIdHex;
  /** The canonical TypeExpr. */
  readonly expr: TypeExpr;
  is(value: unknown): value is T;
  /** Returns the value, or throws a SchemaValidationError carrying the first issue. */
  assert(value: unknown): T;
  validate(value: unknown): ValidationResult<T>;
  /** Like `is`, but also rejects keys that the type does not declare. */
  equals(value: unknown): value is T;
}

/**
 * Placeholder replaced at build time. Reaching it at run time means the build did not run the
 * transformer: the error says how to set it up.
 */
export function typeSchema<T>(): TypeSchema<T> {
  throw new Error(
    "typeSchema<T>() was called at run time, so the Causality transformer did not run on this file. " +
      'Either build with `tspc` (ts-patch) and add { "transform": "@causality/transformer" } to ' +
      "compilerOptions.plugins in tsconfig.json, or run `causality generate` and import the generated schema module.",
  );
}
