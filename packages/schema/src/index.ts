export * from "./type-expr.js";
export { TypeExprError, type TypeExprErrorCode } from "./errors.js";
export { LIMITS } from "./limits.js";
export { parseTypeExpr, parseTypeExprJson } from "./parse.js";
export { canonicalize, canonicalizeWithId } from "./canonical.js";
export { typeExprId, typeExprIdHex, typeExprEquals, toHex, fromHex, type TypeExprIdHex } from "./id.js";
export { serializeNode, deserializeNode, serializeTypeExpr, deserializeTypeExpr } from "./ssz/serialize.js";
export { ENCODING_VERSION } from "./ssz/wire.js";
export { printTypeExpr, type PrintOptions } from "./print.js";
export { t, type OptionalFieldSpec } from "./builders.js";
export * from "./type-schema.js";
export { isAssignable } from "./diff/assignable.js";
export {
  diffTypeExprs,
  directionOf,
  isBreaking,
  type ChangeDirection,
  type ChangeKind,
  type SchemaChange,
  type SchemaDiff,
  type SchemaRole,
} from "./diff/diff.js";
