/** Issue codes (stable; docs/semantics.md lists them) and the error `assert` throws. */
import { printTypeExpr } from "../print.js";
import type { TypeExpr } from "../type-expr.js";
import type { ValidationIssue } from "../type-schema.js";

export const ISSUE = {
  /** The value is not of the expected kind, literal, enum member or class. */
  invalidType: "invalid_type",
  /** A required key is absent (or undefined). */
  missingKey: "missing_key",
  /** `equals` only: a key the type does not declare. */
  excessKey: "excess_key",
  /** No member of a (non-discriminated) union accepts the value. */
  invalidUnion: "invalid_union",
  /** The discriminant field of a discriminated union picks no member. */
  invalidDiscriminator: "invalid_discriminator",
  /** A tuple of the wrong length. */
  invalidLength: "invalid_length",
  notInteger: "not_integer",
  tooSmall: "too_small",
  tooBig: "too_big",
  notMultipleOf: "not_multiple_of",
  patternMismatch: "pattern_mismatch",
  invalidFormat: "invalid_format",
  /** A dictionary key that the key type rejects. */
  invalidKey: "invalid_key",
  /** The value nests deeper than the validator follows (cycles, hostile input). */
  tooDeep: "too_deep",
  /** Reading the value threw (a getter or a Proxy trap). */
  unreadable: "unreadable",
} as const;

export type IssueCode = (typeof ISSUE)[keyof typeof ISSUE];

/** Thrown by `assert`: carries the first issue as data. */
export class SchemaValidationError extends TypeError {
  override readonly name = "SchemaValidationError";
  constructor(
    readonly issue: ValidationIssue,
    readonly schemaId: string,
  ) {
    super(`${issue.code} at ${issue.path}: expected ${issue.expected}`);
  }
}

/** Nodes an issue's `expected` text prints at most (print.ts `maxNodes`): bounded on shared subtrees. */
export const EXPECTED_MAX_NODES = 256;

/** The `expected` text of an issue: the type as TypeScript-like text, names used, size capped. */
export function expectedText(e: TypeExpr): string {
  return printTypeExpr(e, { useNames: true, maxNodes: EXPECTED_MAX_NODES });
}
