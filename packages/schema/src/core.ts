/**
 * The light entry point (`@causality/schema/core`): the model, canonical form and ids, without the
 * SSZ serialization library or the validators. Build tools (the ts-patch plugin) load this one so a
 * compile pays for what it uses.
 */

export { canonicalize, canonicalizeWithId } from "./canonical.js";
export { TypeExprError, type TypeExprErrorCode } from "./errors.js";
export { fromHex, type TypeExprIdHex, toHex, typeExprEquals, typeExprId, typeExprIdHex } from "./id.js";
export { LIMITS } from "./limits.js";
export { parseTypeExpr, parseTypeExprJson } from "./parse.js";
export { type PrintOptions, printTypeExpr } from "./print.js";
export type * from "./refinements.js";
export * from "./type-expr.js";
export { compileValidatorSource } from "./validate/compile.js";
export { mapChildren } from "./walk.js";
