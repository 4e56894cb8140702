/**
 * The analyzer inside the editor. tsserver does not run ts-patch transformers, so the diagnostics
 * the plugin reports at build time would appear only when building; this is the part of a
 * TypeScript language-service plugin (language-service/index.js) that adds them to a file's semantic
 * diagnostics, from the same analyzer, with the same codes and messages.
 */
import type ts from "typescript";
import { Analyzer } from "./analyzer/analyzer.js";
import { type AnalyzerDiagnostic, missingTypeArgument } from "./analyzer/diagnostics.js";
import { schemaCallsIn } from "./call-sites.js";
import { dataflowDiagnostics } from "./dataflow-check.js";

/** One analyzer per program: its caches hold checker types, which belong to one program. */
const analyzers = new WeakMap<ts.Program, Analyzer>();

export function schemaDiagnostics(tsNs: typeof ts, program: ts.Program, fileName: string): ts.Diagnostic[] {
  const sf = program.getSourceFile(fileName);
  if (!sf || sf.isDeclarationFile) return [];
  const checker = program.getTypeChecker();
  let analyzer = analyzers.get(program);
  if (!analyzer) {
    analyzer = new Analyzer(tsNs, checker);
    analyzers.set(program, analyzer);
  }
  const out: ts.Diagnostic[] = [];
  const seen = new Set<string>();
  for (const { node, call } of schemaCallsIn(tsNs, checker, sf)) {
    const args = node.typeArguments ?? [];
    if (args.length < call.roles.length) {
      out.push(toDiagnostic(tsNs, sf, missingTypeArgument(node, call, sf), node));
      continue;
    }
    for (const arg of args.slice(0, call.roles.length)) {
      for (const d of analyzer.analyze(checker.getTypeFromTypeNode(arg), arg).diagnostics) {
        const key = `${d.file}:${d.start}:${d.code}:${d.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(toDiagnostic(tsNs, sf, d, arg));
      }
    }
    if (call.name === "defineDataflow") {
      const [input, , state] = args.map((a) => analyzer.analyze(checker.getTypeFromTypeNode(a), a));
      if (input?.diagnostics.length === 0 && state?.diagnostics.length === 0) {
        for (const d of dataflowDiagnostics(tsNs, node, sf, { input: input.expr, state: state.expr }))
          out.push(toDiagnostic(tsNs, sf, d, node));
      }
    }
  }
  return out;
}

/**
 * A diagnostic in this file stays where the analyzer put it; one in another file (the field's
 * declaration lives elsewhere) is shown at the type argument here, saying where the field is.
 */
function toDiagnostic(tsNs: typeof ts, sf: ts.SourceFile, d: AnalyzerDiagnostic, at: ts.Node): ts.Diagnostic {
  const here = d.file === sf.fileName;
  return {
    file: sf,
    start: here ? d.start : at.getStart(sf),
    length: here ? d.length : at.getWidth(sf),
    messageText: `[causality] ${d.message}${here ? "" : ` (declared in ${d.file}:${d.line}:${d.column})`}`,
    category: tsNs.DiagnosticCategory.Error,
    code: d.code,
    source: "causality",
  };
}
