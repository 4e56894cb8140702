export * from "./type-expr.js";
export { TypeExprError, type TypeExprErrorCode } from "./errors.js";
export { LIMITS } from "./limits.js";
export { parseTypeExpr, parseTypeExprJson } from "./parse.js";
export { canonicalize, canonicalizeWithId } from "./canonical.js";
export { typeExprId, typeExprIdHex, typeExprEquals, toHex, fromHex, type TypeExprIdHex } from "./id.js";
export { serializeNode, deserializeNode, serializeTypeExpr, deserializeTypeExpr } from "./ssz/serialize.js";
export { ENCODING_VERSION } from "./ssz/wire.js";
