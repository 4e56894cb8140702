/**
 * The schema calls of one source file: `typeSchema<T>()` and `defineDataflow<I, O, S>()`, and a
 * MissingTypeArgument diagnostic (91008, as the plugin reports it) for each one called without all
 * its type arguments, which would otherwise be skipped without a word.
 */
import {
  type AnalyzerDiagnostic,
  missingTypeArgument,
  type SchemaCall,
  schemaCallOf,
} from "@causality/transformer";
import type TS from "typescript";
import { ts } from "./typescript.js";

const MODULES: Readonly<Record<string, readonly string[]>> = {
  "@causality/schema": ["typeSchema"],
  "@causality/runtime": ["defineDataflow"],
};

export interface FoundCall {
  readonly node: TS.CallExpression;
  readonly call: SchemaCall;
}

export function findSchemaCalls(
  checker: TS.TypeChecker,
  sf: TS.SourceFile,
): { calls: FoundCall[]; diagnostics: AnalyzerDiagnostic[] } {
  const calls: FoundCall[] = [];
  const diagnostics: AnalyzerDiagnostic[] = [];
  const names = localCallNames(sf);
  // A schema call is always through an import of this file: without one there is nothing to find.
  if (names.size === 0) return { calls, diagnostics };
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && isCandidate(node, names)) {
      const call = schemaCallOf(ts, checker, node);
      if (call && (node.typeArguments?.length ?? 0) < call.roles.length) {
        diagnostics.push(missingTypeArgument(node, call, sf));
      } else if (call) calls.push({ node, call });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { calls, diagnostics };
}

/**
 * Local names a schema call can be made through (`typeSchema`, a renamed import, a namespace).
 * A cheap syntactic filter so the checker is asked about these calls only, not every call.
 */
function localCallNames(sf: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const wanted = MODULES[statement.moduleSpecifier.text];
    const bindings = statement.importClause?.namedBindings;
    if (!wanted || !bindings) continue;
    if (ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
    else
      for (const spec of bindings.elements)
        if (wanted.includes((spec.propertyName ?? spec.name).text)) names.add(spec.name.text);
  }
  return names;
}

function isCandidate(node: TS.CallExpression, names: ReadonlySet<string>): boolean {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return names.has(callee.text);
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    names.has(callee.expression.text)
  );
}
