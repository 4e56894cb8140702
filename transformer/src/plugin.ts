/**
 * The ts-patch plugin: `{ "transform": "@causality/transformer" }` in compilerOptions.plugins.
 *
 * `typeSchema<T>()` becomes `typeSchema(<canonical TypeExpr of T>)` and `defineDataflow<I, O, S>(spec)`
 * becomes `defineDataflow(spec, { input, output, state })` with the three TypeExprs. The call keeps
 * its own import, so nothing is added to the module and import elision cannot drop it. Types that
 * cannot be data are reported through ts-patch's `addDiagnostic`, so `tspc` fails the build with
 * the code, file, line and the path inside the type.
 */
import type { TypeExpr } from "@causality/schema/core";
import type ts from "typescript";
import { Analyzer } from "./analyzer/analyzer.js";
import { type AnalyzerDiagnostic, missingTypeArgument } from "./analyzer/diagnostics.js";
import { candidateOffsets, holdsOffset, type SchemaCall, schemaCallOf, schemaCallsIn } from "./call-sites.js";
import { dataflowDiagnostics } from "./dataflow-check.js";
import { type Emission, EmissionPool, emissionOf } from "./emission.js";

export interface TransformerExtras {
  readonly ts: typeof ts;
  readonly addDiagnostic: (diagnostic: ts.Diagnostic) => number;
}

/** Below this many schema calls in a program, starting a worker thread costs more than it saves. */
const OFFLOAD_MIN_CALLS = 24;
/**
 * Only a process's first emit offloads: it is the full build. Later emits of a watch session
 * touch a few files, and planning would analyze every file again for them.
 */
let firstEmit = true;

export function createTransformer(
  program: ts.Program,
  _config: unknown,
  extras: TransformerExtras,
): ts.TransformerFactory<ts.SourceFile> {
  const tsNs = extras.ts;
  const checker = program.getTypeChecker();
  const analyzer = new Analyzer(tsNs, checker);
  const reported = new Set<string>();

  const report = (d: AnalyzerDiagnostic, sf: ts.SourceFile) => {
    const key = `${d.file}:${d.start}:${d.code}:${d.path}:${d.message}`;
    if (reported.has(key)) return;
    reported.add(key);
    const file = program.getSourceFile(d.file) ?? sf;
    extras.addDiagnostic({
      file,
      start: d.start,
      length: d.length,
      messageText: `[causality] ${d.message}`,
      category: tsNs.DiagnosticCategory.Error,
      code: d.code,
    });
  };

  /** The TypeExpr of a type argument, or undefined once its diagnostics are reported. */
  const exprOf = (type: ts.TypeNode, sf: ts.SourceFile): TypeExpr | undefined => {
    const result = analyzer.analyze(checker.getTypeFromTypeNode(type), type);
    for (const d of result.diagnostics) report(d, sf);
    return result.diagnostics.length > 0 ? undefined : result.expr;
  };

  const planned = firstEmit ? plan(program, tsNs, checker, exprOf) : undefined;
  firstEmit = false;

  /** The emissions for a call's type arguments, or undefined when one of them cannot be data. */
  const emissionsOf = (node: ts.CallExpression, count: number, sf: ts.SourceFile): Emission[] | undefined => {
    const keys = planned?.calls.get(node)?.keys;
    if (keys) return keys.some((k) => k === undefined) ? undefined : keys.map((k) => planned!.pool.take(k!));
    const exprs = (node.typeArguments ?? []).slice(0, count).map((a) => exprOf(a, sf));
    return exprs.some((e) => e === undefined) ? undefined : exprs.map((e) => emissionOf(e!));
  };

  return (ctx) => (sf) => {
    const f = ctx.factory;
    const offsets = candidateOffsets(tsNs, sf);
    if (offsets.length === 0) return sf;
    const visit = (node: ts.Node): ts.Node => {
      if (!holdsOffset(offsets, node.pos, node.end)) return node;
      if (tsNs.isCallExpression(node)) {
        const call = planned?.calls.get(node)?.call ?? schemaCallOf(tsNs, checker, node);
        if (call) {
          const args = node.typeArguments ?? [];
          if (args.length < call.roles.length) {
            report(missingTypeArgument(node, call, sf), sf);
            return tsNs.visitEachChild(node, visit, ctx);
          }
          const emissions = emissionsOf(node, call.roles.length, sf);
          if (emissions === undefined) return tsNs.visitEachChild(node, visit, ctx);
          const visited = tsNs.visitEachChild(node, visit, ctx) as ts.CallExpression;
          if (call.name === "typeSchema") {
            return f.updateCallExpression(visited, visited.expression, undefined, [
              f.createIdentifier(emissions[0]!.literal),
              f.createIdentifier(emissions[0]!.validators),
            ]);
          }
          // The definition checks the runtime would make when the module loads, all of them, now.
          const [input, , state] = args.map((a) => exprOf(a, sf));
          if (input && state)
            for (const d of dataflowDiagnostics(tsNs, node, sf, { input, state })) report(d, sf);
          const compiled = f.createObjectLiteralExpression(
            call.roles.map((role, i) =>
              f.createPropertyAssignment(role!, f.createIdentifier(emissions[i]!.validators)),
            ),
            false,
          );
          const schemas = f.createObjectLiteralExpression(
            [
              ...call.roles.map((role, i) =>
                f.createPropertyAssignment(role!, f.createIdentifier(emissions[i]!.literal)),
              ),
              f.createPropertyAssignment("compiled", compiled),
            ],
            false,
          );
          return f.updateCallExpression(visited, visited.expression, undefined, [
            ...visited.arguments.slice(0, 1),
            schemas,
          ]);
        }
      }
      return tsNs.visitEachChild(node, visit, ctx);
    };
    return tsNs.visitNode(sf, visit) as ts.SourceFile;
  };
}

interface Plan {
  readonly pool: EmissionPool;
  /** Each planned call -> what it is and one key per type argument (undefined where the type cannot be data). */
  readonly calls: Map<ts.Node, { call: SchemaCall; keys: (number | undefined)[] }>;
}

/**
 * A full build: analyze every schema call of the program now, on the main thread (the checker
 * lives here), and hand the rest to a worker thread that runs while TypeScript emits.
 */
function plan(
  program: ts.Program,
  tsNs: typeof ts,
  checker: ts.TypeChecker,
  exprOf: (type: ts.TypeNode, sf: ts.SourceFile) => TypeExpr | undefined,
): Plan | undefined {
  const found: { sf: ts.SourceFile; node: ts.CallExpression; call: SchemaCall }[] = [];
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || program.isSourceFileFromExternalLibrary(sf)) continue;
    for (const { node, call } of schemaCallsIn(tsNs, checker, sf)) {
      if ((node.typeArguments?.length ?? 0) >= call.roles.length) found.push({ sf, node, call });
    }
  }
  if (found.length < OFFLOAD_MIN_CALLS) return undefined;
  const pool = new EmissionPool(found.reduce((n, f) => n + f.call.roles.length, 0));
  const calls: Plan["calls"] = new Map();
  let next = 0;
  for (const { sf, node, call } of found) {
    const keys = node.typeArguments!.slice(0, call.roles.length).map((arg) => {
      const expr = exprOf(arg, sf);
      if (expr === undefined) return undefined;
      pool.submit(next, expr);
      return next++;
    });
    calls.set(node, { call, keys });
  }
  return { pool, calls };
}
