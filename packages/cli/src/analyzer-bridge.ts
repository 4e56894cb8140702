/** The shared analyzer from @causality/transformer, one per type checker. */
import type { TypeExpr } from "@causality/schema";
import { Analyzer, type AnalyzerDiagnostic } from "@causality/transformer";
import type ts from "typescript";

export type { AnalyzerDiagnostic };

const analyzers = new WeakMap<ts.TypeChecker, Analyzer>();

export function analyzeTypeWithDiagnostics(
  tsNs: typeof ts,
  checker: ts.TypeChecker,
  type: ts.Type,
  node: ts.Node,
): { expr: TypeExpr; diagnostics: readonly AnalyzerDiagnostic[] } {
  let analyzer = analyzers.get(checker);
  if (!analyzer) {
    analyzer = new Analyzer(tsNs, checker);
    analyzers.set(checker, analyzer);
  }
  return analyzer.analyze(type, node);
}

/** `file:line:column - error TS91001: message`, the way tsc prints diagnostics. */
export function formatDiagnostic(d: AnalyzerDiagnostic, relativeTo: (file: string) => string): string {
  return `${relativeTo(d.file)}:${d.line}:${d.column} - error TS${d.code}: ${d.message}\n`;
}
