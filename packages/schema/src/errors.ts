/** Stable codes for errors about TypeExpr values themselves (not about validated data). */
export type TypeExprErrorCode =
  | "CX1001_NOT_AN_OBJECT"
  | "CX1002_UNKNOWN_KIND"
  | "CX1003_BAD_FIELD"
  | "CX1004_DUPLICATE_FIELD"
  | "CX1005_UNBOUND_REF"
  | "CX1006_NON_CONTRACTIVE"
  | "CX1007_BAD_NUMBER"
  | "CX1008_LIMIT_EXCEEDED"
  | "CX1009_BAD_TUPLE"
  | "CX1010_BAD_ENCODING"
  | "CX1011_UNKNOWN_ID"
  | "CX1012_BAD_STRING";

/**
 * A TypeExpr was malformed. `path` points inside the expression in JSON-pointer-like
 * dotted form (`$.fields[1].type.members[0]`).
 */
export class TypeExprError extends Error {
  override readonly name = "TypeExprError";
  constructor(
    readonly code: TypeExprErrorCode,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${code} at ${path}: ${detail}`);
  }
}
