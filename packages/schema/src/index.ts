export { type OptionalFieldSpec, type RedactedFieldSpec, t } from "./builders.js";
export { canonicalize, canonicalizeWithId } from "./canonical.js";
export { isAssignable, type OptionalFieldPolicy } from "./diff/assignable.js";
export {
  type ChangeDirection,
  type ChangeKind,
  diffTypeExprs,
  directionOf,
  isBreaking,
  type SchemaChange,
  type SchemaDiff,
  type SchemaRole,
} from "./diff/diff.js";
export { TypeExprError, type TypeExprErrorCode } from "./errors.js";
export { fromHex, type TypeExprIdHex, toHex, typeExprEquals, typeExprId, typeExprIdHex } from "./id.js";
export { LIMITS } from "./limits.js";
export { parseTypeExpr, parseTypeExprJson } from "./parse.js";
export { type PrintOptions, printTypeExpr } from "./print.js";
export type * from "./refinements.js";
export { deserializeNode, deserializeTypeExpr, serializeNode, serializeTypeExpr } from "./ssz/serialize.js";
export { ENCODING_VERSION } from "./ssz/wire.js";
export * from "./type-expr.js";
export * from "./type-schema.js";
export { compileValidatorSource } from "./validate/compile.js";
export { compileSchema, type RuntimeSchema } from "./validate/compile-runtime.js";
export { ISSUE, type IssueCode, SchemaValidationError } from "./validate/issues.js";
export { type JsonSchema, toJSONSchema } from "./validate/json-schema.js";
export { type CompiledValidators, DEFAULT_MAX_ISSUES, schemaFromExpr } from "./validate/schema.js";
export { toZod } from "./validate/zod.js";
export { mapChildren } from "./walk.js";
