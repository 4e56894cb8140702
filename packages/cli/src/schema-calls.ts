/**
 * The schema calls of one source file: `typeSchema<T>()` and `defineDataflow<I, O, S>()`, and a
 * MissingTypeArgument diagnostic (91008, as the plugin reports it) for each one called without all
 * its type arguments, which would otherwise be skipped without a word.
 */
import {
  type AnalyzerDiagnostic,
  missingTypeArgument,
  type SchemaCall,
  schemaCallsIn,
} from "@causality/transformer";
import type TS from "typescript";
import { ts } from "./typescript.js";

export interface FoundCall {
  readonly node: TS.CallExpression;
  readonly call: SchemaCall;
}

/** The same search as the plugin's (only subtrees where an imported name of a call occurs). */
export function findSchemaCalls(
  checker: TS.TypeChecker,
  sf: TS.SourceFile,
): { calls: FoundCall[]; diagnostics: AnalyzerDiagnostic[] } {
  const calls: FoundCall[] = [];
  const diagnostics: AnalyzerDiagnostic[] = [];
  for (const found of schemaCallsIn(ts, checker, sf)) {
    if ((found.node.typeArguments?.length ?? 0) < found.call.roles.length) {
      diagnostics.push(missingTypeArgument(found.node, found.call, sf));
    } else calls.push(found);
  }
  return { calls, diagnostics };
}
