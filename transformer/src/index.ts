export { type AnalyzeResult, Analyzer } from "./analyzer/analyzer.js";
export { type AnalyzerDiagnostic, DIAGNOSTIC, type DiagnosticCode } from "./analyzer/diagnostics.js";
