/**
 * Diagnostics for types that cannot be data. Codes are stable (docs/diagnostics.md); they are
 * reported through TypeScript's own diagnostics as `CAUSALITY<code>`-prefixed errors.
 */
import type ts from "typescript";

export const DIAGNOSTIC = {
  FunctionInData: { code: 91001, message: "a function is not data and cannot be part of a schema" },
  SymbolInData: { code: 91002, message: "a symbol is not data and cannot be part of a schema" },
  UnresolvedTypeParameter: {
    code: 91003,
    message: "an unresolved type parameter cannot be a schema; instantiate the generic type at the call site",
  },
  NeverInData: {
    code: 91004,
    message:
      "`never` has no values: an impossible intersection, or never where a value is required (a field or index signature of type never means absent)",
  },
  NotData: {
    code: 91005,
    message:
      "this built-in object is not data (Promise, WeakMap, WeakSet, RegExp, Function, ArrayBuffer, Error...)",
  },
  BadRefinement: { code: 91006, message: "invalid refinement" },
  Unsupported: { code: 91007, message: "this type cannot be expressed as a TypeExpr" },
  MissingTypeArgument: {
    code: 91008,
    message: "typeSchema<T>() and defineDataflow<I, O, S>() need explicit type arguments",
  },
  DataflowDefinition: {
    code: 91010,
    message: "a defineDataflow definition that the runtime would refuse (DF50xx)",
  },
  UnresolvedType: {
    code: 91009,
    message: "TypeScript could not resolve this type (it reports why); a schema needs a resolved type",
  },
  NonRegularRecursion: {
    code: 91011,
    message:
      "a generic type that contains itself with ever larger type arguments (Deep<T> holding Deep<Deep<T>>) has no finite schema; recurse on the same arguments (Deep<T>)",
  },
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC;

export interface AnalyzerDiagnostic {
  /** Numeric code, shown by tsc as `error TS91001`. */
  readonly code: number;
  readonly name: DiagnosticCode;
  readonly message: string;
  /** Path inside the analyzed type: `TokenTransferInput.memo`. */
  readonly path: string;
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly start: number;
  readonly length: number;
}

/** TS91008 for a schema call written without its type arguments, located at the call. */
export function missingTypeArgument(
  node: { getStart(sf: ts.SourceFile): number; getWidth(sf: ts.SourceFile): number },
  call: { readonly name: string },
  sf: ts.SourceFile,
): AnalyzerDiagnostic {
  const start = node.getStart(sf);
  const { line, character } = sf.getLineAndCharacterOfPosition(start);
  return {
    code: DIAGNOSTIC.MissingTypeArgument.code,
    name: "MissingTypeArgument",
    message: `${DIAGNOSTIC.MissingTypeArgument.message} (at ${call.name})`,
    path: call.name,
    file: sf.fileName,
    line: line + 1,
    column: character + 1,
    start,
    length: node.getWidth(sf),
  };
}
