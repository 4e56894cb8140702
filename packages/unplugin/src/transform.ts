/**
 * Rewrites one module's TypeScript source the way the ts-patch plugin rewrites its AST: each
 * `typeSchema<T>()` gets the canonical TypeExpr and the generated validators as arguments, each
 * `defineDataflow<I, O, S>(spec)` gets its three schemas. The type arguments stay (the bundler
 * strips them next), so every edit is an insertion or a replaced argument list and the source map
 * stays exact everywhere else.
 */
import {
  Analyzer,
  type AnalyzerDiagnostic,
  emissionOf,
  missingTypeArgument,
  schemaCallsIn,
} from "@causality/transformer";
import MagicString, { type SourceMap } from "magic-string";
import type ts from "typescript";

export interface ModuleTransform {
  readonly code: string;
  readonly map: SourceMap;
  /** Every call's diagnostics; calls with diagnostics are left as written. */
  readonly diagnostics: readonly AnalyzerDiagnostic[];
}

/** The analyzer of a program: its caches are only good for that program's checker. */
const analyzers = new WeakMap<ts.Program, Analyzer>();

export function transformModule(
  tsNs: typeof ts,
  program: ts.Program,
  file: string,
): ModuleTransform | undefined {
  const sf = program.getSourceFile(file);
  if (!sf) return undefined;
  const checker = program.getTypeChecker();
  let analyzer = analyzers.get(program);
  if (!analyzer) {
    analyzer = new Analyzer(tsNs, checker);
    analyzers.set(program, analyzer);
  }
  const calls = schemaCallsIn(tsNs, checker, sf);
  if (calls.length === 0) return undefined;
  const out = new MagicString(sf.text);
  const diagnostics: AnalyzerDiagnostic[] = [];
  /** Ranges already replaced: a call inside one (a later argument of defineDataflow) is dropped with it. */
  const replaced: [number, number][] = [];
  for (const { node, call } of calls) {
    if (replaced.some(([from, to]) => node.pos >= from && node.end <= to)) continue;
    const typeArgs = node.typeArguments ?? [];
    if (typeArgs.length < call.roles.length) {
      diagnostics.push(missingTypeArgument(node, call, sf));
      continue;
    }
    const exprs = typeArgs.slice(0, call.roles.length).map((arg) => {
      const result = analyzer.analyze(checker.getTypeFromTypeNode(arg), arg);
      diagnostics.push(...result.diagnostics);
      return result.diagnostics.length > 0 ? undefined : result.expr;
    });
    if (exprs.some((e) => e === undefined)) continue;
    const emissions = exprs.map((e) => emissionOf(e!));
    const args = node.arguments;
    if (call.name === "typeSchema") {
      const text = `${emissions[0]!.literal}, ${emissions[0]!.validators}`;
      replace(out, args.pos, args.end, text);
      replaced.push([args.pos, args.end]);
      continue;
    }
    const roles = call.roles.map((role, i) => `${role}: ${emissions[i]!.literal}`);
    const compiled = call.roles.map((role, i) => `${role}: ${emissions[i]!.validators}`);
    const schemas = `{ ${roles.join(", ")}, compiled: { ${compiled.join(", ")} } }`;
    // As the plugin: the spec stays, anything after it gives way to the schemas.
    const from = args.length > 0 ? args[0]!.end : args.pos;
    replace(out, from, args.end, args.length > 0 ? `, ${schemas}` : schemas);
    replaced.push([from, args.end]);
  }
  if (!out.hasChanged() && diagnostics.length === 0) return undefined;
  return {
    code: out.toString(),
    map: out.generateMap({ hires: "boundary", source: file, includeContent: true }),
    diagnostics,
  };
}

function replace(out: MagicString, from: number, to: number, text: string): void {
  if (from === to) out.appendLeft(from, text);
  else out.overwrite(from, to, text);
}
