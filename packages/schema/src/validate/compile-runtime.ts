/**
 * `compileSchema(expr)`: for schemas that arrive at run time (from a lock file, a store, another
 * service), the same validator code the build step emits (`compileValidatorSource`), turned into
 * functions here with `new Function`. The source is generated from the canonical form, a private
 * frozen copy whose every payload was checked, so no text of the caller's reaches the code
 * unchecked. Where code generation is not allowed (a Content-Security-Policy without
 * 'unsafe-eval', `node --disallow-code-generation-from-strings`) it gives the interpreter instead,
 * which answers the same (the differential tests hold the two equal).
 */
import { canonicalize } from "../canonical.js";
import type { TypeExpr } from "../type-expr.js";
import type { TypeSchema } from "../type-schema.js";
import { compileValidatorSource } from "./compile.js";
import type { JsonSchema } from "./json-schema.js";
import { type CompiledValidators, schemaFromExpr } from "./schema.js";

export type RuntimeSchema<T> = TypeSchema<T> & {
  toJSONSchema(): JsonSchema;
  /** Whether the validators are generated code (false: code generation was refused; the interpreter runs). */
  readonly compiled: boolean;
};

/** Generated functions per canonical form (equal schemas share one canonical object). */
const COMPILED = new WeakMap<TypeExpr, CompiledValidators | null>();

export function compileSchema<T>(expr: TypeExpr): RuntimeSchema<T> {
  const canonical = canonicalize(expr);
  let code = COMPILED.get(canonical);
  if (code === undefined) {
    code = generate(canonical);
    COMPILED.set(canonical, code);
  }
  const schema = code === null ? schemaFromExpr<T>(canonical) : schemaFromExpr<T>(canonical, code);
  return Object.freeze({ ...schema, compiled: code !== null });
}

function generate(canonical: TypeExpr): CompiledValidators | null {
  const source = compileValidatorSource(canonical);
  try {
    return new Function(`return ${source};`)() as CompiledValidators;
  } catch (e) {
    // Code generation refused (EvalError under a CSP or the Node flag): the interpreter serves.
    if (e instanceof EvalError) return null;
    throw e;
  }
}
